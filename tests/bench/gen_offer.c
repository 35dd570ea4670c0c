/*
 * gen_offer.c - writes N rows of an AWS Price List offer file (CSV, with
 * its metadata header) and the same prices as rows of mlcap's prices
 * table, for bench_import: `gen_offer N OFFER.csv ROWS.csv`. Every row is
 * an on-demand Linux hourly price with a distinct (region, type, date).
 */
#include <stdio.h>
#include <stdlib.h>

static const char *const regions[] = {
    "us-east-1",      "us-east-2",	"us-west-1",	  "us-west-2",
    "eu-west-1",      "eu-west-2",	"eu-west-3",	  "eu-central-1",
    "eu-north-1",     "ap-south-1",	"ap-northeast-1", "ap-northeast-2",
    "ap-southeast-1", "ap-southeast-2", "ca-central-1",	  "sa-east-1",
    "me-south-1",     "af-south-1",	"ap-east-1",	  "eu-south-1"};

static const struct {
	const char *name;
	int vcpu, mem_gib, gpus;
	double price;
} types[] = {
    {"m5.large", 2, 8, 0, 0.096},
    {"m5.xlarge", 4, 16, 0, 0.192},
    {"m5.2xlarge", 8, 32, 0, 0.384},
    {"c5.xlarge", 4, 8, 0, 0.17},
    {"c5.2xlarge", 8, 16, 0, 0.34},
    {"r5.xlarge", 4, 32, 0, 0.252},
    {"r5.2xlarge", 8, 64, 0, 0.504},
    {"g5.xlarge", 4, 16, 1, 1.006},
    {"g5.2xlarge", 8, 32, 1, 1.212},
    {"g5.12xlarge", 48, 192, 4, 5.672},
    {"p4d.24xlarge", 96, 1152, 8, 21.957642},
    {"p5.48xlarge", 192, 2048, 8, 55.04},
    {"g6.xlarge", 4, 16, 1, 0.8048},
    {"g6e.xlarge", 4, 32, 1, 1.861},
    {"inf2.xlarge", 4, 16, 0, 0.7582},
    {"trn1.2xlarge", 8, 32, 0, 1.3438},
};

int main(int argc, char **argv)
{
	FILE *offer, *rows;
	long n, i;
	size_t nt = sizeof(types) / sizeof(types[0]);
	size_t nr = sizeof(regions) / sizeof(regions[0]);

	if (argc != 4 || (n = strtol(argv[1], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: gen_offer N OFFER.csv ROWS.csv\n");
		return 2;
	}
	offer = fopen(argv[2], "w");
	rows = fopen(argv[3], "w");
	if (!offer || !rows) {
		perror("gen_offer");
		return 1;
	}
	fputs("\"FormatVersion\",\"v1.0\"\n"
	      "\"Disclaimer\",\"This pricing list is for informational "
	      "purposes only. All prices are subject to the additional terms "
	      "included in the pricing pages on http://aws.amazon.com. All "
	      "Free Tier prices are also subject to the terms included at "
	      "https://aws.amazon.com/free/\"\n"
	      "\"Publication Date\",\"2025-07-01T00:00:00Z\"\n"
	      "\"Version\",\"20250701000000\"\n"
	      "\"OfferCode\",\"AmazonEC2\"\n",
	      offer);
	fputs("\"SKU\",\"OfferTermCode\",\"RateCode\",\"TermType\","
	      "\"PriceDescription\",\"EffectiveDate\",\"StartingRange\","
	      "\"EndingRange\",\"Unit\",\"PricePerUnit\",\"Currency\","
	      "\"RelatedTo\",\"LeaseContractLength\",\"PurchaseOption\","
	      "\"OfferingClass\",\"Product Family\",\"serviceCode\","
	      "\"Location\",\"Location Type\",\"Instance Type\","
	      "\"Current Generation\",\"Instance Family\",\"vCPU\","
	      "\"Physical Processor\",\"Clock Speed\",\"Memory\",\"Storage\","
	      "\"Network Performance\",\"Processor Architecture\","
	      "\"Tenancy\",\"Operating System\",\"License Model\","
	      "\"Usage Type\",\"Operation\",\"CapacityStatus\","
	      "\"Pre Installed S/W\",\"GPU\",\"Region Code\"\n",
	      offer);
	fputs("provider,region,instance_type,purchase_option,usd_per_hour,"
	      "usd_nanos,effective_from,source\n",
	      rows);
	for (i = 0; i < n; i++) {
		/* Types vary fastest, then regions, then one day per block. */
		size_t t = (size_t)i % nt, r = ((size_t)i / nt) % nr;
		long day = i / (long)(nt * nr);
		int y = 2000 + (int)(day / 336), m = (int)(day / 28 % 12) + 1;
		int d = (int)(day % 28) + 1;
		long micros = (long)(types[t].price * 1e6 + 0.5) + day % 97;
		char date[32], price[32];

		snprintf(date, sizeof(date), "%04d-%02d-%02d", y, m, d);
		snprintf(price, sizeof(price), "%ld.%06ld", micros / 1000000,
			 micros % 1000000);
		fprintf(offer,
			"\"SKU%08ld\",\"JRTCKXETXF\",\"SKU%08ld.JRTCKXETXF."
			"6YS6EN2CT7\",\"OnDemand\",\"$%s per On Demand Linux "
			"%s Instance Hour\",\"%sT00:00:00Z\",\"0\",\"Inf\","
			"\"Hrs\",\"%s\",\"USD\",\"\",\"\",\"\",\"\","
			"\"Compute Instance\",\"AmazonEC2\",\"Somewhere\","
			"\"AWS Region\",\"%s\",\"Yes\",\"General purpose\","
			"\"%d\",\"Intel Xeon\",\"3.1 GHz\",\"%d GiB\","
			"\"EBS only\",\"Up to 10 Gigabit\",\"64-bit\","
			"\"Shared\",\"Linux\",\"No License required\","
			"\"BoxUsage:%s\",\"RunInstances\",\"Used\",\"NA\","
			"\"%d\",\"%s\"\n",
			i, i, price, types[t].name, date, price, types[t].name,
			types[t].vcpu, types[t].mem_gib, types[t].name,
			types[t].gpus, regions[r]);
		fprintf(rows,
			"aws,%s,%s,on-demand,%s,%ld000,%s,AWS Price List "
			"offer file offer.csv; publication date 2025-07-01\n",
			regions[r], types[t].name, price, micros, date);
	}
	if (fclose(offer) != 0 || fclose(rows) != 0) {
		perror("gen_offer");
		return 1;
	}
	return 0;
}
