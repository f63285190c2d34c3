package dev.upgradeledger.commandapi.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.CommandResult;
import dev.upgradeledger.support.envelope.CommandCodec;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnswerRecordTest {

    private final CommandCodec codec = new CommandCodec();

    @Test
    void anAnswerThatFitsIsSentAsItIs() {
        CommandResult answer = answer("x".repeat(1_000));

        assertThat(AnswerRecord.encode(codec, answer, 2_000)).isEqualTo(codec.encode(answer));
    }

    @Test
    void anAnswerLargerThanARecordIsSentWithoutItsResultSayingWhy() {
        // 700 three-byte characters: 2,100 bytes of UTF-8 in 700 chars
        CommandResult answer = answer("\u20ac".repeat(700));
        int size = codec.encode(answer).getBytes(StandardCharsets.UTF_8).length;

        String sent = AnswerRecord.encode(codec, answer, 2_000);

        CommandResult decoded = codec.decodeResult(sent);
        assertThat(sent.getBytes(StandardCharsets.UTF_8).length).isLessThan(2_000);
        assertThat(decoded.commandId()).isEqualTo("c-1");
        assertThat(decoded.commandType()).isEqualTo("StartFleetUpgrade");
        assertThat(decoded.clusterId()).isEqualTo("fleet/f-1");
        assertThat(decoded.status()).isEqualTo(CommandResult.ACCEPTED);
        assertThat(decoded.result()).isNull();
        assertThat(decoded.problemType()).isEqualTo("urn:upgrade-ledger:problem:answer-too-large");
        assertThat(decoded.detail()).isEqualTo("the answer (" + size + " bytes) is larger than the 2000 bytes a record"
                + " may hold, so it is sent without its result; the command was ACCEPTED: read its effects from the"
                + " projection");
    }

    private static CommandResult answer(String text) {
        return new CommandResult("c-1", "StartFleetUpgrade", "fleet/f-1", CommandResult.ACCEPTED,
                Map.of("plan", text), null, null);
    }
}
