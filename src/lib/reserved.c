/*
 * reserved.c - node allocatable per managed Kubernetes provider (see
 * reserved.h): the published kube-reserved, system-reserved, eviction and
 * max-pods rules of EKS, GKE and AKS, in integer arithmetic only. Each
 * rule below names the page or file it was read from, says how it rounds,
 * and says so when a figure could not be confirmed at its source.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "mlcap/reserved.h"
#include "banned.h"

#define MIB	    1048576LL
#define GIB	    1073741824LL
#define COUNT_OF(t) (sizeof(t) / sizeof((t)[0]))

/*
 * The kubelet's own default maxPods, used by GKE Standard, by custom
 * clusters and by mode NONE. GKE: "By default, GKE allows up to 110 Pods
 * per node on Standard clusters" -
 * https://cloud.google.com/kubernetes-engine/docs/how-to/flexible-pod-cidr
 * (read as quoted in public code; the page itself was not readable here).
 */
#define KUBELET_DEFAULT_MAX_PODS 110

/* ---- tiered percentages ---- */

/* One band of a tiered rule: `per`/den of the amount below `upto`. */
typedef struct {
	int64_t upto; /* cumulative upper bound; INT64_MAX for the rest */
	int64_t per;  /* rate, in units of 1/den */
} tier;

/*
 * floor(sum over the bands of band_amount x per / den) for `total`, exact
 * and without overflow: each band is split into a multiple of den, which
 * is scaled directly, and a remainder below den, whose products are summed
 * before the one division. Bands must be in increasing order of upto.
 */
static int64_t tiered(int64_t total, const tier *t, size_t n, int64_t den)
{
	int64_t lo = 0, whole = 0, part = 0;
	size_t i;

	for (i = 0; i < n && lo < total; i++) {
		int64_t hi = t[i].upto < total ? t[i].upto : total;
		int64_t seg = hi - lo;

		whole += seg / den * t[i].per;
		part += seg % den * t[i].per;
		lo = hi;
	}
	return whole + part / den;
}

/*
 * CPU kube-reserved shared by EKS and GKE: 6% of the first core, 1% of the
 * next core (up to 2), 0.5% of the next 2 cores (up to 4) and 0.25% of any
 * core above 4, in millicores.
 *
 * EKS reads it from GKE and implements it in nodeadm as per-10000 rates
 * {600, 100, 50, 25} over the millicore ranges {0, 1000, 2000, 4000, n},
 * truncating each range's share with integer division:
 * getCPUMillicoresToReserve in nodeadm/internal/kubelet/config.go,
 * https://github.com/awslabs/amazon-eks-ami (commit
 * e48b98ad65e761801e76fefe006ca884352841d0; the same arithmetic is in the
 * AL2 bootstrap.sh get_cpu_millicores_to_reserve). For whole vCPUs only the
 * last range can be inexact, so flooring the total, as tiered() does, gives
 * the same result: 5 vCPUs reserve 60 + 10 + 10 + floor(2.5) = 82m.
 * GKE publishes the same four rates but not its rounding; floor is assumed.
 */
static const tier cpu_gke_eks[] = {
    {1000, 600},
    {2000, 100},
    {4000, 50},
    {INT64_MAX, 25},
};

/* ---- EKS ---- */

/*
 * Max pods per instance type for the Amazon VPC CNI without prefix
 * delegation, copied verbatim from eni-max-pods.txt in
 * https://github.com/awslabs/amazon-eks-ami at commit
 * 264120506f12b7fb88ecde54418cef140b1e5194,
 * nodeadm/internal/kubelet/eni-max-pods.txt (the values for the same types
 * in templates/shared/runtime/eni-max-pods.txt at commit
 * 9e910f8743d16ac4704092ac54766fc84d375c53 agree; p5.4xlarge is only in
 * the former). The file computes
 *	# of ENI * (# of IPv4 per ENI - 1) + 2
 * on the default network card (index 0) of multi-card types. It covers every
 * AWS type in pricing/seed/instance_types.csv plus a few small sizes.
 * Sorted by strcmp for bsearch; test_reserved looks up every seed type.
 */
typedef struct {
	const char *type;
	int64_t max_pods;
} eni_row;

static const eni_row eni_max_pods[] = {
    {"c5.12xlarge", 234},   {"c5.18xlarge", 737},   {"c5.24xlarge", 737},
    {"c5.2xlarge", 58},	    {"c5.4xlarge", 234},    {"c5.9xlarge", 234},
    {"c5.large", 29},	    {"c5.metal", 737},	    {"c5.xlarge", 58},
    {"c6i.12xlarge", 234},  {"c6i.16xlarge", 737},  {"c6i.24xlarge", 737},
    {"c6i.2xlarge", 58},    {"c6i.32xlarge", 737},  {"c6i.4xlarge", 234},
    {"c6i.8xlarge", 234},   {"c6i.large", 29},	    {"c6i.xlarge", 58},
    {"g4dn.12xlarge", 234}, {"g4dn.16xlarge", 58},  {"g4dn.2xlarge", 29},
    {"g4dn.4xlarge", 29},   {"g4dn.8xlarge", 58},   {"g4dn.metal", 737},
    {"g4dn.xlarge", 29},    {"g5.12xlarge", 737},   {"g5.16xlarge", 234},
    {"g5.24xlarge", 737},   {"g5.2xlarge", 58},	    {"g5.48xlarge", 345},
    {"g5.4xlarge", 234},    {"g5.8xlarge", 234},    {"g5.xlarge", 58},
    {"g6.12xlarge", 234},   {"g6.16xlarge", 737},   {"g6.24xlarge", 737},
    {"g6.2xlarge", 58},	    {"g6.48xlarge", 737},   {"g6.4xlarge", 234},
    {"g6.8xlarge", 234},    {"g6.xlarge", 58},	    {"g6e.12xlarge", 292},
    {"g6e.16xlarge", 737},  {"g6e.24xlarge", 492},  {"g6e.2xlarge", 58},
    {"g6e.48xlarge", 492},  {"g6e.4xlarge", 234},   {"g6e.8xlarge", 234},
    {"g6e.xlarge", 58},	    {"inf2.24xlarge", 737}, {"inf2.48xlarge", 737},
    {"inf2.8xlarge", 234},  {"inf2.xlarge", 58},    {"m5.12xlarge", 234},
    {"m5.16xlarge", 737},   {"m5.24xlarge", 737},   {"m5.2xlarge", 58},
    {"m5.4xlarge", 234},    {"m5.8xlarge", 234},    {"m5.large", 29},
    {"m5.metal", 737},	    {"m5.xlarge", 58},	    {"m6i.12xlarge", 234},
    {"m6i.16xlarge", 737},  {"m6i.24xlarge", 737},  {"m6i.2xlarge", 58},
    {"m6i.32xlarge", 737},  {"m6i.4xlarge", 234},   {"m6i.8xlarge", 234},
    {"m6i.large", 29},	    {"m6i.xlarge", 58},	    {"m7i.12xlarge", 234},
    {"m7i.16xlarge", 737},  {"m7i.24xlarge", 737},  {"m7i.2xlarge", 58},
    {"m7i.48xlarge", 737},  {"m7i.4xlarge", 234},   {"m7i.8xlarge", 234},
    {"m7i.large", 29},	    {"m7i.xlarge", 58},	    {"p3.16xlarge", 234},
    {"p3.2xlarge", 58},	    {"p3.8xlarge", 234},    {"p4d.24xlarge", 737},
    {"p4de.24xlarge", 737}, {"p5.48xlarge", 100},   {"p5.4xlarge", 118},
    {"p5e.48xlarge", 100},  {"p5en.48xlarge", 198}, {"r5.12xlarge", 234},
    {"r5.16xlarge", 737},   {"r5.24xlarge", 737},   {"r5.2xlarge", 58},
    {"r5.4xlarge", 234},    {"r5.8xlarge", 234},    {"r5.large", 29},
    {"r5.xlarge", 58},	    {"r6i.12xlarge", 234},  {"r6i.16xlarge", 737},
    {"r6i.24xlarge", 737},  {"r6i.2xlarge", 58},    {"r6i.32xlarge", 737},
    {"r6i.4xlarge", 234},   {"r6i.8xlarge", 234},   {"r6i.large", 29},
    {"r6i.xlarge", 58},	    {"t3.2xlarge", 58},	    {"t3.large", 35},
    {"t3.medium", 17},	    {"t3.micro", 4},	    {"t3.nano", 4},
    {"t3.small", 11},	    {"t3.xlarge", 58},	    {"trn1.2xlarge", 58},
    {"trn1.32xlarge", 247},
};

static int eni_cmp(const void *key, const void *row)
{
	return strcmp((const char *)key, ((const eni_row *)row)->type);
}

/* The ENI table's max pods for `type`, or -1 when it is not listed. */
static int64_t eni_lookup(const char *type)
{
	const eni_row *r;

	if (!type)
		return -1;
	r = bsearch(type, eni_max_pods, COUNT_OF(eni_max_pods),
		    sizeof(eni_max_pods[0]), eni_cmp);
	return r ? r->max_pods : -1;
}

/*
 * A type missing from the ENI table: nodeadm then asks the EC2 API, which
 * a planner cannot. The documented fallback used instead is the ceiling of
 * AWS's max-pods-calculator.sh (templates/al2/runtime/ in amazon-eks-ami,
 * commit a4f0d9057bf0b0420f1a225de99c74c22d0f5a6f): "if [ "$CPU_COUNT"
 * -gt 30 ]" then 250, else 110; the EKS user guide gives the same caps,
 * https://docs.aws.amazon.com/eks/latest/userguide/choosing-instance-type.html
 * ("limits the return value to 110 ... If your instance type has greater
 * than 30 vCPUs, this limit jumps to 250"). The real ENI value of a small
 * type can be lower than 110, so this may overstate pods.
 */
static int64_t eks_fallback_max_pods(int64_t vcpu)
{
	return vcpu > 30 ? 250 : 110;
}

/*
 * EKS, Amazon Linux 2023 nodeadm defaults (withDefaultReservedResources
 * and defaultKubeletSubConfig in nodeadm/internal/kubelet/config.go,
 * amazon-eks-ami commit e48b98ad65e761801e76fefe006ca884352841d0):
 *  - kube-reserved cpu: cpu_gke_eks above;
 *  - kube-reserved memory: getMemoryMebibytesToReserve = 11 x maxPods +
 *    255, in whole MiB (exact, no rounding), with maxPods from the ENI
 *    table (nodeadm's MaxPodsPerInstanceType);
 *  - system-reserved: none (nodeadm sets only the /system cgroup);
 *  - evictionHard memory.available: 100Mi.
 * Not modelled: managed node groups without a custom AMI cap maxPods at
 * 110 (< 30 vCPUs) or 250, per the user guide above; the ENI value is used.
 */
static void eks(const char *type, int64_t vcpu, int64_t *cpu, int64_t *mem,
		int64_t *evict, int64_t *pods, bool *estimated)
{
	*pods = eni_lookup(type);
	*estimated = *pods < 0;
	if (*estimated)
		*pods = eks_fallback_max_pods(vcpu);
	*cpu = tiered(vcpu * 1000, cpu_gke_eks, COUNT_OF(cpu_gke_eks), 10000);
	*mem = (255 + 11 * *pods) * MIB;
	*evict = 100 * MIB;
}

/* ---- GKE ---- */

/*
 * GKE Standard, "Memory and CPU reservations" and "Eviction threshold" in
 * https://cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes
 * (formerly concepts/cluster-architecture#node_allocatable). The page's
 * opening was readable here; its reservation lists were confirmed through
 * several public copies that quote it verbatim:
 *  - memory: 255 MiB for machines with less than 1 GiB; else 25% of the
 *    first 4 GiB, 20% of the next 4, 10% of the next 8, 6% of the next 112
 *    and 2% of any memory above 128 GiB;
 *  - cpu: cpu_gke_eks above, except "For shared-core E2 machine types, GKE
 *    still reserves a total of 1060 millicores";
 *  - eviction: "an additional 100 MiB of memory on each node";
 *  - max pods: 110 (KUBELET_DEFAULT_MAX_PODS).
 * Rounding is not published. GKE writes kubeReserved memory in whole Mi
 * (e.g. "memory: 1736Mi" on an n1-standard-2, quoted in amazon-eks-ami
 * issue #318), so the exact total is floored to whole MiB: 16 GiB reserves
 * 1024 + 819.2 + 819.2 = 2662.4 MiB, i.e. 2662 MiB. GKE appears to start
 * from the kernel-visible memory, a little below the machine type's: that
 * node showed 1736Mi where this formula gives 1740Mi for 7.5 GiB.
 * Not confirmed: a public note says GKE 1.37+ reserves memory as
 * min(this formula, 15 MiB x maxPods + a base overhead); it was not found in
 * Google's docs, and this formula stays an upper bound if it is true.
 */
static const tier mem_gke[] = {
    {4 * GIB, 25},  {8 * GIB, 20},  {16 * GIB, 10},
    {128 * GIB, 6}, {INT64_MAX, 2},
};

static bool gke_shared_core(const char *type)
{
	return type &&
	       (!strcmp(type, "e2-micro") || !strcmp(type, "e2-small") ||
		!strcmp(type, "e2-medium"));
}

static void gke(const char *type, int64_t vcpu, int64_t memory, int64_t *cpu,
		int64_t *mem, int64_t *evict, int64_t *pods)
{
	*cpu = gke_shared_core(type) ? 1060
				     : tiered(vcpu * 1000, cpu_gke_eks,
					      COUNT_OF(cpu_gke_eks), 10000);
	if (memory < GIB)
		*mem = 255 * MIB;
	else
		*mem =
		    tiered(memory, mem_gke, COUNT_OF(mem_gke), 100) / MIB * MIB;
	*evict = 100 * MIB;
	*pods = KUBELET_DEFAULT_MAX_PODS;
}

/* ---- AKS ---- */

/*
 * AKS, https://learn.microsoft.com/en-us/azure/aks/node-resource-reservations
 * (MicrosoftDocs/azure-aks-docs articles/aks/node-resource-reservations.md,
 * commit 11fb7fb821aef6aebf0486d31a5018b8800640f4, ms.date 04/16/2024):
 *  - cpu: a table, cores 1/2/4/8/16/32/64 -> 60/100/140/180/260/420/740m.
 *    Core counts between rows are not published; the brackets below (6% of
 *    the first core, 4% of the second, 2% of the third and fourth, 1% of
 *    the rest) reproduce every row exactly and are what Microsoft's
 *    karpenter-provider-azure uses (reservedCPUTaxVCPU in
 *    pkg/providers/instancetype/instancetype.go, commit
 *    865601c95931e4de9a6a97c236585581344fbd78), e.g. 3 cores -> 120m.
 *  - memory (AKS 1.29 and later): the lesser of "20 MB * Max Pods supported
 *    on the Node + 50 MB" and "25% of the total system memory". The page
 *    says MB but is loose with units (its 25% of 4 GB is "1000 MB");
 *    karpenter-provider-azure computes 20 x 110 + 50 as 2250Mi, so MiB is
 *    used here. The 25% is floored to whole MiB (rounding not published).
 *  - eviction: memory.available < 100 Mi (1.29 and later).
 *  - system-reserved: none is published for Linux nodes.
 *  - max pods: 250, the default of Azure CNI Overlay, from "Maximum pods
 *    per node" in
 *    https://learn.microsoft.com/en-us/azure/aks/concepts-network-ip-address-planning
 *    (azure-aks-docs commit 63d576bdb6790d7bf27c210e689258eedf34b213:
 *    Overlay 250, Pod subnet 110, legacy Azure CNI 30, kubenet 110).
 */
static const tier cpu_aks[] = {
    {1000, 600},
    {2000, 400},
    {4000, 200},
    {INT64_MAX, 100},
};

#define AKS_DEFAULT_MAX_PODS 250

static void aks(int64_t vcpu, int64_t memory, int64_t *cpu, int64_t *mem,
		int64_t *evict, int64_t *pods)
{
	int64_t by_pods, quarter;

	*pods = AKS_DEFAULT_MAX_PODS;
	*cpu = tiered(vcpu * 1000, cpu_aks, COUNT_OF(cpu_aks), 10000);
	by_pods = (20 * *pods + 50) * MIB;
	quarter = memory / 4 / MIB * MIB;
	*mem = by_pods < quarter ? by_pods : quarter;
	*evict = 100 * MIB;
}

/* ---- entry point ---- */

static int64_t clamp0(int64_t v)
{
	return v < 0 ? 0 : v;
}

int mlcap_allocatable_for(const char *provider, const char *instance_type,
			  int64_t vcpu, int64_t memory_bytes,
			  mlcap_reserved_mode mode, mlcap_allocatable *out)
{
	int64_t cpu = 0, mem = 0, evict = 0, pods = KUBELET_DEFAULT_MAX_PODS;
	bool estimated = false;
	const char *rule;

	if (!out)
		return MLCAP_EINVAL;
	memset(out, 0, sizeof(*out));
	if (vcpu <= 0 || memory_bytes <= 0 || vcpu > INT64_MAX / 1000)
		return MLCAP_EINVAL;

	if (mode != MLCAP_RESERVED_PROVIDER) {
		rule = "none";
	} else if (provider && !strcmp(provider, "aws")) {
		rule = "eks-al2023";
		eks(instance_type, vcpu, &cpu, &mem, &evict, &pods, &estimated);
	} else if (provider && !strcmp(provider, "gcp")) {
		rule =
		    gke_shared_core(instance_type) ? "gke-shared-core" : "gke";
		gke(instance_type, vcpu, memory_bytes, &cpu, &mem, &evict,
		    &pods);
	} else if (provider && !strcmp(provider, "azure")) {
		rule = "aks";
		aks(vcpu, memory_bytes, &cpu, &mem, &evict, &pods);
	} else {
		rule = "custom";
	}

	out->reserved_cpu_millis = cpu;
	out->reserved_memory_bytes = mem;
	out->eviction_memory_bytes = evict;
	out->cpu_millis = clamp0(vcpu * 1000 - cpu);
	out->memory_bytes = clamp0(memory_bytes - mem - evict);
	out->pods = pods;
	out->rule = rule;
	out->max_pods_estimated = estimated;
	return 0;
}
