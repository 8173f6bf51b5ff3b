package dev.berth.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Guards the cgroup tests against skipping silently: where the tests run as root with a cgroup
 * hierarchy mounted read-write (CI on cgroup v1 or v2), Berth must detect and use it.
 */
class CgroupSupportIT {
  @Test
  void asRootWithCgroupsMountedBerthEnforcesMemoryLimits() {
    boolean expected = CgroupSupport.root() && CgroupSupport.mountedReadWrite();
    System.err.println(
        "[cgroups] root="
            + CgroupSupport.root()
            + " mounted read-write="
            + CgroupSupport.mountedReadWrite()
            + " detected: "
            + CgroupSupport.DETECTION.why());
    Assumptions.assumeTrue(
        expected, "not root, or no cgroup hierarchy mounted read-write: nothing to require");
    assertThat(CgroupSupport.DETECTION.cgroups().kind())
        .as(CgroupSupport.DETECTION.why())
        .isIn("v1", "v2");
  }
}
