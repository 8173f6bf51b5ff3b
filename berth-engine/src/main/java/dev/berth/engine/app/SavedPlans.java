package dev.berth.engine.app;

import dev.berth.core.model.EnvironmentSpec;
import dev.berth.core.plan.Sensitivity;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.StoreTx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * Plans as {@code berth plan} shows and saves them, and the check that applies a saved plan only
 * while it still says what the apply will do.
 */
final class SavedPlans {
  private SavedPlans() {}

  /** The plan of {@code request} against the state in {@code tx}, with what a saved plan pins. */
  static PlanOutcome outcome(
      StoreTx tx,
      EnvironmentKey key,
      EnvironmentSpec env,
      ApplyRequest request,
      ApplyCode.Code planned,
      Instant now,
      List<String> warnings,
      Sensitivity sensitivity) {
    ApplyPlan p =
        ApplyPlan.compute(tx, key, env, request, planned, now, warnings, sensitivity, true);
    return new PlanOutcome(
        key.project(),
        key.environment(),
        tx.serials().get(key),
        specDigest(request, planned.digest()),
        p.plan().digest(),
        p.plan(),
        p.result());
  }

  /**
   * Refuses to apply a saved plan the state, spec or code moved away from.
   *
   * @throws AppException {@code plan_stale} (conflict)
   */
  static void check(
      StoreTx tx,
      EnvironmentKey key,
      EnvironmentSpec env,
      ApplyRequest request,
      ApplyCode.Code planned,
      Instant now,
      Sensitivity sensitivity,
      SavedPlan expected) {
    String where = key.project() + "/" + key.environment();
    long serial = tx.serials().get(key);
    if (serial != expected.serial()) {
      throw stale(
          "the state of "
              + where
              + " changed since the plan was made (serial "
              + expected.serial()
              + " then, "
              + serial
              + " now: an apply, scale, stop, start, rollback or destroy happened in between)");
    }
    if (!specDigest(request, planned.digest()).equals(expected.specDigest())) {
      throw stale("the spec, Procfile or code sent is not the one the plan was made from");
    }
    PlanOutcome now2 = outcome(tx, key, env, request, planned, now, List.of(), sensitivity);
    if (!now2.planDigest().equals(expected.planDigest())) {
      throw stale("planning " + where + " again gives other changes than the saved plan");
    }
  }

  private static AppException stale(String why) {
    return new AppException(
        AppException.Kind.CONFLICT,
        "plan_stale",
        why
            + "; nothing was applied. Run berth plan again, review the new plan and apply that one");
  }

  /** SHA-256 over the spec's file name, text, Procfile and the code's digest, length-prefixed. */
  static String specDigest(ApplyRequest r, String codeDigest) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (String s :
          new String[] {
            r.specFile(), r.specYaml(), r.procfile() == null ? "" : r.procfile(), codeDigest
          }) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        d.update((b.length + ":").getBytes(StandardCharsets.UTF_8));
        d.update(b);
      }
      return "sha256:" + HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
