package dev.upgradeledger.executor.driver.http;

import dev.upgradeledger.executor.driver.ActionResult;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads what a node agent answered into an {@link ActionResult}. Only a 200 with a contract body is an answer; every
 * other reply becomes a failure whose message names the status, never the body (which may echo a request).
 */
final class AgentAnswers {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AgentAnswers() {
    }

    /**
     * @param status the HTTP status
     * @param body   the body as text
     * @param agent  who answered, for messages: e.g. {@code agent 10.0.0.7:7070 for upgrade-node}
     */
    static ActionResult read(int status, String body, String agent) {
        if (status >= 500 && status < 600) {
            return ActionResult.failed("http-5xx", agent + " answered HTTP " + status, true);
        }
        if (status >= 400 && status < 500) {
            return ActionResult.failed("http-4xx", agent + " answered HTTP " + status, false);
        }
        if (status != 200) {
            return badAnswer(agent, "HTTP " + status + " instead of 200");
        }
        try {
            return answer(body);
        } catch (NotTheContract e) {
            return badAnswer(agent, e.getMessage());
        }
    }

    private static ActionResult answer(String body) {
        JsonNode answer = tree(body);
        String status = string(answer, "status");
        if ("SUCCEEDED".equals(status)) {
            return ActionResult.succeeded(facts(answer.get("facts")));
        }
        if ("FAILED".equals(status)) {
            return failed(answer);
        }
        throw new NotTheContract("status must be SUCCEEDED or FAILED");
    }

    private static ActionResult failed(JsonNode answer) {
        String code = string(answer, "code");
        if (code == null || code.isBlank()) {
            throw new NotTheContract("a FAILED answer needs a code");
        }
        JsonNode retryable = answer.get("retryable");
        if (retryable == null || !retryable.isBoolean()) {
            throw new NotTheContract("a FAILED answer needs a boolean retryable");
        }
        String message = string(answer, "message");
        return ActionResult.failed(code, message == null ? code : message, retryable.booleanValue());
    }

    private static Map<String, String> facts(JsonNode facts) {
        if (facts == null || facts.isNull()) {
            return Map.of();
        }
        if (!facts.isObject()) {
            throw new NotTheContract("facts must be an object");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> fact : facts.properties()) {
            if (!fact.getValue().isValueNode() || fact.getValue().isNull()) {
                throw new NotTheContract("fact " + fact.getKey() + " must be a string, number or boolean");
            }
            values.put(fact.getKey(), fact.getValue().asString());
        }
        return values;
    }

    private static JsonNode tree(String body) {
        JsonNode tree;
        try {
            tree = JSON.readTree(body == null ? "" : body);
        } catch (JacksonException e) {
            throw new NotTheContract("the body is not JSON");
        }
        if (tree == null || !tree.isObject()) {
            throw new NotTheContract("the body is not a JSON object");
        }
        return tree;
    }

    private static String string(JsonNode answer, String name) {
        JsonNode value = answer.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new NotTheContract(name + " must be a string");
        }
        return value.stringValue();
    }

    private static ActionResult badAnswer(String agent, String reason) {
        return ActionResult.failed("bad-answer", agent + " did not answer by the contract: " + reason, false);
    }

    private static final class NotTheContract extends RuntimeException {

        NotTheContract(String reason) {
            super(reason, null, false, false);
        }
    }
}
