package dev.berth.core.spec;

/** The berth.yaml sketch from DESIGN.md, verbatim. */
final class DesignExample {
  static final String AUTOSCALE =
      """
          autoscale:
            min: 0
            max: 8
            triggers:
              - type: metrics-api
                url: http://web.production.lms.localhost:8080/queue
                valueLocation: depth
                targetValue: 5
      """;

  static final String YAML =
      """
      project: lms
      services:
        web:
          type: web
          command: java Web.java                 # or taken from a Procfile entry of the same name
          port: 8080                             # container port on Kubernetes; locally each replica gets its own free port in PORT
          replicas: 2
          resources: {cpu: 250m, memory: 256Mi}  # Kubernetes quantity syntax
          env: {LOG_LEVEL: info}
          health: {http: /health}
        worker:
          type: worker
          command: java Worker.java
      """
          + AUTOSCALE
          + """
            nightly-report:
              type: cron
              schedule: "0 2 * * *"
              timezone: Europe/Paris
              command: java Report.java
              concurrency: forbid
          release:
            command: java Migrate.java
          environments:
            production: {target: local}
            staging: {target: local, services: {web: {replicas: 1}}}
          """;

  private DesignExample() {}
}
