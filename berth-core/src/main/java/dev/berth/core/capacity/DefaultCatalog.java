package dev.berth.core.capacity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The catalog used when none is given: AWS m6i (general purpose), c6i (compute), r6i (memory) and
 * t3 (burstable), on-demand Linux prices in us-east-1.
 *
 * <p>Where the prices come from: the AWS EC2 on-demand price list for us-east-1 as published in
 * 2024 (aws.amazon.com/ec2/pricing/on-demand/), written down from that list by the developer; they
 * could not be checked against AWS from the machine this was built on (2026-12-03), so treat them
 * as approximate and pass {@code --catalog} with your own prices for a real budget. Within a family
 * AWS prices grow linearly with size, which these figures follow.
 *
 * <p>t3 types are burstable: their vCPUs run at a baseline of 5-40% unless CPU credits are spent,
 * but they are counted at their full vCPUs here (as Karpenter does). Their label {@code
 * category=burstable} lets a service opt out with a selector.
 */
public final class DefaultCatalog {
  private DefaultCatalog() {}

  /** When and where the prices were taken, shown with every plan. */
  public static final String SOURCE =
      "default catalog: AWS on-demand Linux prices, us-east-1, as listed in 2024 (approximate,"
          + " not re-checked; pass --catalog FILE for your own prices)";

  private static final String[] SIZES = {
    "large",
    "xlarge",
    "2xlarge",
    "4xlarge",
    "8xlarge",
    "12xlarge",
    "16xlarge",
    "24xlarge",
    "32xlarge"
  };
  private static final int[] VCPUS = {2, 4, 8, 16, 32, 48, 64, 96, 128};

  /** The catalog. */
  public static Catalog catalog() {
    List<InstanceType> types = new ArrayList<>();
    family(types, "m6i", 4, 0.096, "general");
    family(types, "c6i", 2, 0.085, "compute");
    family(types, "r6i", 8, 0.126, "memory");
    String[][] t3 = {
      {"t3.nano", "2", "512", "0.0052"},
      {"t3.micro", "2", "1024", "0.0104"},
      {"t3.small", "2", "2048", "0.0208"},
      {"t3.medium", "2", "4096", "0.0416"},
      {"t3.large", "2", "8192", "0.0832"},
      {"t3.xlarge", "4", "16384", "0.1664"},
      {"t3.2xlarge", "8", "32768", "0.3328"},
    };
    for (String[] t : t3) {
      types.add(
          new InstanceType(
              t[0],
              Long.parseLong(t[1]) * 1000,
              Long.parseLong(t[2]) << 20,
              InstanceType.micros(Double.parseDouble(t[3])),
              Map.of("category", "burstable")));
    }
    return new Catalog(types, SOURCE);
  }

  /** A Nitro family whose price per vCPU is {@code largePrice / 2} at every size. */
  private static void family(
      List<InstanceType> out, String family, int gibPerVcpu, double largePrice, String category) {
    for (int i = 0; i < SIZES.length; i++) {
      int vcpu = VCPUS[i];
      long micros = InstanceType.micros(largePrice) * vcpu / 2;
      out.add(
          new InstanceType(
              family + "." + SIZES[i],
              vcpu * 1000L,
              ((long) vcpu * gibPerVcpu) << 30,
              micros,
              Map.of("category", category)));
    }
  }
}
