/**
 * The {@code http} node driver: performs each action by calling a node agent over HTTP.
 *
 * <h2>The node agent contract (v1)</h2>
 * A node agent runs on every node and, for cluster-wide actions, on one endpoint per cluster.
 *
 * <h3>Request</h3>
 * <pre>
 * POST {scheme}://{address}/ledger-agent/v1/actions/{action}
 * Content-Type: application/json
 * Idempotency-Key: {clusterId}/{upgradeId}/{stepId}/{attempt}
 * Authorization: Bearer {token}            (only when a token is configured)
 *
 * {"clusterId": "c1", "upgradeId": "u1", "stepId": "r3.0", "attempt": 1,
 *  "node": {"id": "n1", "address": "10.0.0.7:7070", "group": "blue", "version": "7.4"},
 *  "parameters": {"version": "7.5", "from": "7.4"}}
 * </pre>
 * <ul>
 *   <li>{@code {action}} is the step's action in lower case with hyphens: {@code halt-workloads},
 *       {@code resume-workloads}, {@code export-state}, {@code import-state}, {@code migrate-schema},
 *       {@code move-workloads}, {@code isolate-node}, {@code upgrade-node}, {@code verify-node},
 *       {@code reintegrate-node}, {@code remove-peer}, {@code rejoin-peer}, {@code roll-back-node}.</li>
 *   <li>{@code {address}} is the node's address ({@code host} or {@code host:port}); for a cluster-wide action
 *       ({@code "node": null}) it is the cluster's endpoint from {@code clusterEndpoints.<clusterId>}. Without one
 *       the driver refuses: {@code no-cluster-endpoint}, not retryable.</li>
 *   <li>{@code node} fields may be null (a node without group); {@code parameters} are the step's parameters, all
 *       strings ({@code version}, {@code from}, {@code schemaVersion}, {@code group}...).</li>
 * </ul>
 *
 * <h3>Answer</h3>
 * HTTP 200 with a JSON body ({@code Content-Type: application/json}), one of:
 * <pre>
 * {"status": "SUCCEEDED", "facts": {"checksum": "sha256:..."}}
 * {"status": "FAILED", "code": "disk-full", "message": "...", "retryable": false}
 * </pre>
 * {@code facts} maps names to strings (numbers and booleans are read as text; absent means none). A FAILED answer
 * needs a non-blank {@code code} and a boolean {@code retryable}; a missing {@code message} reads as the code.
 * Facts the ledger needs: {@code export-state} answers {@code checksum} (and may answer {@code dumpRef});
 * {@code import-state} answers the {@code checksum} of what it imported. An agent answers 401 to a missing or wrong
 * token, 400 to a request without Idempotency-Key or JSON body and 404 to an unknown action.
 *
 * <h3>Idempotency</h3>
 * The agent keeps the answer of every Idempotency-Key it acted on; a request with a key it has seen is not acted on
 * again and gets the first answer, FAILED answers included. A retry of a step is a new attempt with a new key. An
 * agent keeps its answers at least as long as an upgrade may last, across its own restarts (the reference agent in
 * the tests keeps them in memory only).
 *
 * <h3>What the driver makes of other replies</h3>
 * <table>
 *   <caption>Replies other than a contract answer</caption>
 *   <tr><th>Reply</th><th>Failure code</th><th>Retryable</th></tr>
 *   <tr><td>connection refused, reset, DNS failure, connect timeout</td><td>{@code unreachable}</td><td>yes</td></tr>
 *   <tr><td>no answer within the request timeout</td><td>{@code timeout}</td><td>yes</td></tr>
 *   <tr><td>HTTP 5xx</td><td>{@code http-5xx}</td><td>yes</td></tr>
 *   <tr><td>HTTP 4xx (401 for a wrong token included)</td><td>{@code http-4xx}</td><td>no</td></tr>
 *   <tr><td>any other status, or a 200 whose body is not an answer above</td><td>{@code bad-answer}</td>
 *       <td>no</td></tr>
 * </table>
 * Before any network call the driver refuses, not retryable: {@code address-not-allowed} for an address that is
 * malformed or not on the allow-list, {@code no-cluster-endpoint}, {@code token-unavailable} when the configured
 * token is unset, unreadable or not a bearer token ({@code [A-Za-z0-9._~+/-]+=*}), and {@code bad-request} for a
 * missing or unusable idempotency key. The driver's own messages name the HTTP status, never the reply body or the
 * token; a FAILED answer's message is the agent's. Redirects are not followed.
 *
 * <h2>Configuration ({@code ledger.executor.drivers.http})</h2>
 * <ul>
 *   <li>{@code allowed-addresses}: the only addresses called, cluster endpoints included. An entry is a host
 *       ({@code node-1.example}, any port), a host and port ({@code node-1.example:7070}, that port only) or an
 *       IPv4 CIDR block ({@code 10.0.0.0/24}, literal IPv4 addresses only). Hosts are compared literally, ignoring
 *       case; nothing is resolved through DNS for the check. <b>An empty list allows nothing.</b></li>
 *   <li>{@code token-env} or {@code token-file} (not both): where the bearer token is read, trimmed, at every call.
 *       The token is never logged nor put in a result.</li>
 *   <li>{@code request-timeout} (60s) is capped by the action's own timeout; {@code connect-timeout} (2s);
 *       {@code scheme} ({@code http} or {@code https}).</li>
 * </ul>
 */
package dev.upgradeledger.executor.driver.http;
