/*
 * test_csv.c - unit tests of csv.c, the RFC 4180 reader under the price
 * catalog's seed loader and importers: quoted commas, doubled quotes and
 * newlines, CRLF, a BOM, blank lines, empty fields, the line each record
 * starts on, and an unterminated quote.
 */
#include "support.h"
#include "csv.h"

/* The reader of the running test; the teardown releases it. */
static mlcap_csv rd;

static int csv_teardown(void **state)
{
	mlcap_csv__release(&rd);
	return test_teardown(state);
}

#define csv_case(f) cmocka_unit_test_teardown(f, csv_teardown)

static void open_text(const char *text)
{
	mlcap_csv__release(&rd);
	mlcap_csv__init(&rd, text, strlen(text));
}

/*
 * The next record must start on `line` and hold the NULL-terminated list
 * of fields that follows.
 */
static void expect_record(uint32_t line, ...)
{
	va_list ap;
	const char *want;
	size_t i = 0;

	assert_int_equal(mlcap_csv__next(&rd), 1);
	assert_int_equal(rd.record_line, line);
	va_start(ap, line);
	while ((want = va_arg(ap, const char *)) != NULL) {
		if (i >= rd.n) {
			va_end(ap);
			fail_msg("record at line %u has %zu fields, want more",
				 line, rd.n);
		}
		assert_string_equal(rd.fields[i].s, want);
		assert_int_equal(rd.fields[i].len, strlen(want));
		i++;
	}
	va_end(ap);
	assert_int_equal(rd.n, i);
}

static void expect_end(void)
{
	assert_int_equal(mlcap_csv__next(&rd), 0);
	assert_int_equal(mlcap_csv__next(&rd), 0);
}

static void csv_reads_records_and_the_line_each_starts_on(void **state)
{
	(void)state;
	open_text("provider,region\naws,us-east-1\ngcp,us-central1\n");
	expect_record(1, "provider", "region", NULL);
	expect_record(2, "aws", "us-east-1", NULL);
	expect_record(3, "gcp", "us-central1", NULL);
	expect_end();
}

static void csv_last_record_needs_no_newline(void **state)
{
	(void)state;
	open_text("a,b\n1,2");
	expect_record(1, "a", "b", NULL);
	expect_record(2, "1", "2", NULL);
	expect_end();
}

static void csv_quoted_fields_hold_commas(void **state)
{
	(void)state;
	open_text("name,notes\nx,\"free, one zonal cluster\"\n");
	expect_record(1, "name", "notes", NULL);
	expect_record(2, "x", "free, one zonal cluster", NULL);
	expect_end();
}

static void csv_doubled_quotes_are_one_quote(void **state)
{
	(void)state;
	open_text("\"say \"\"free\"\"\",\"\"\"\",\"a\"\"\"\n");
	expect_record(1, "say \"free\"", "\"", "a\"", NULL);
	expect_end();
}

static void csv_quoted_newlines_move_the_next_record_line(void **state)
{
	(void)state;
	open_text("h1,h2\n"
		  "1,\"line one\nline two\nline three\"\n"
		  "2,after\n"
		  "3,\"x\r\ny\"\n"
		  "4,end\n");
	expect_record(1, "h1", "h2", NULL);
	expect_record(2, "1", "line one\nline two\nline three", NULL);
	expect_record(5, "2", "after", NULL);
	expect_record(6, "3", "x\r\ny", NULL);
	expect_record(8, "4", "end", NULL);
	expect_end();
}

static void csv_reads_crlf_line_ends(void **state)
{
	(void)state;
	open_text("a,b\r\n1,2\r\n\"q,r\",3\r\n");
	expect_record(1, "a", "b", NULL);
	expect_record(2, "1", "2", NULL);
	expect_record(3, "q,r", "3", NULL);
	expect_end();
}

static void csv_ignores_a_leading_utf8_bom(void **state)
{
	(void)state;
	open_text("\xEF\xBB\xBFprovider,region\naws,us-east-1\n");
	assert_int_equal(mlcap_csv__next(&rd), 1);
	assert_int_equal(rd.record_line, 1);
	assert_string_equal(rd.fields[0].s, "provider");
	assert_int_equal(mlcap_csv__find(&rd, "provider"), 0);
	assert_int_equal(mlcap_csv__find(&rd, "region"), 1);
	expect_record(2, "aws", "us-east-1", NULL);
	expect_end();
}

static void csv_skips_blank_lines_and_still_counts_them(void **state)
{
	(void)state;
	open_text("\n\na,b\n\n\r\n1,2\n\n\n");
	expect_record(3, "a", "b", NULL);
	expect_record(6, "1", "2", NULL);
	expect_end();
}

static void csv_keeps_empty_fields(void **state)
{
	(void)state;
	open_text(",\na,,b\n,x,\n\"\",\"\"\nlone\n");
	expect_record(1, "", "", NULL);
	expect_record(2, "a", "", "b", NULL);
	expect_record(3, "", "x", "", NULL);
	expect_record(4, "", "", NULL);
	expect_record(5, "lone", NULL);
	expect_end();
}

static void csv_unterminated_quote_is_einval_at_its_record(void **state)
{
	(void)state;
	open_text("a,b\n1,2\n3,\"never closed\n4,5\n");
	expect_record(1, "a", "b", NULL);
	expect_record(2, "1", "2", NULL);
	assert_int_equal(mlcap_csv__next(&rd), MLCAP_EINVAL);
	assert_int_equal(rd.record_line, 3);
}

static void csv_quote_inside_an_unquoted_field_is_kept(void **state)
{
	(void)state;
	/* Lenient, like most readers: only a leading quote opens a field. */
	open_text("x'); DROP TABLE prices;--,a\"b\n");
	expect_record(1, "x'); DROP TABLE prices;--", "a\"b", NULL);
	expect_end();
}

static void csv_empty_input_has_no_records(void **state)
{
	(void)state;
	open_text("");
	expect_end();
	open_text("\xEF\xBB\xBF");
	expect_end();
	open_text("\n\r\n\n");
	expect_end();
}

static void csv_find_names_only_header_fields(void **state)
{
	(void)state;
	open_text("provider,usd_per_hour,source\n");
	assert_int_equal(mlcap_csv__next(&rd), 1);
	assert_int_equal(mlcap_csv__find(&rd, "usd_per_hour"), 1);
	assert_int_equal(mlcap_csv__find(&rd, "source"), 2);
	assert_int_equal(mlcap_csv__find(&rd, "usd"), -1);
	assert_int_equal(mlcap_csv__find(&rd, "Provider"), -1);
}

static void csv_long_fields_grow_the_buffers(void **state)
{
	char *text = buf_alloc(200000);
	size_t i;

	(void)state;
	/* One 99999-byte field and 5000 one-byte fields. */
	memset(text, 'x', 99999);
	text[99999] = '\n';
	for (i = 0; i < 5000; i++) {
		text[100000 + 2 * i] = 'y';
		text[100000 + 2 * i + 1] = i + 1 < 5000 ? ',' : '\n';
	}
	mlcap_csv__release(&rd);
	mlcap_csv__init(&rd, text, 110000);
	assert_int_equal(mlcap_csv__next(&rd), 1);
	assert_int_equal(rd.n, 1);
	assert_int_equal(rd.fields[0].len, 99999);
	assert_int_equal(mlcap_csv__next(&rd), 1);
	assert_int_equal(rd.record_line, 2);
	assert_int_equal(rd.n, 5000);
	assert_string_equal(rd.fields[4999].s, "y");
	expect_end();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    csv_case(csv_reads_records_and_the_line_each_starts_on),
	    csv_case(csv_last_record_needs_no_newline),
	    csv_case(csv_quoted_fields_hold_commas),
	    csv_case(csv_doubled_quotes_are_one_quote),
	    csv_case(csv_quoted_newlines_move_the_next_record_line),
	    csv_case(csv_reads_crlf_line_ends),
	    csv_case(csv_ignores_a_leading_utf8_bom),
	    csv_case(csv_skips_blank_lines_and_still_counts_them),
	    csv_case(csv_keeps_empty_fields),
	    csv_case(csv_unterminated_quote_is_einval_at_its_record),
	    csv_case(csv_quote_inside_an_unquoted_field_is_kept),
	    csv_case(csv_empty_input_has_no_records),
	    csv_case(csv_find_names_only_header_fields),
	    csv_case(csv_long_fields_grow_the_buffers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
