/**
 * Berth's HTTP router: {@link dev.berth.router.Router} sends {@code
 * http://<service>.<environment>.<project>.localhost:<port>/} to the ready replicas of that web
 * service, as listed by a {@link dev.berth.router.RouteTable} the control plane implements. See
 * README.md beside this file for the request path and the design decisions.
 */
package dev.berth.router;
