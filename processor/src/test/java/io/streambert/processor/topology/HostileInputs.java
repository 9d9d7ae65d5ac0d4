package io.streambert.processor.topology;

import io.streambert.processor.deadletter.DeadLetterReason;
import io.streambert.processor.it.TextEventProducer;
import io.streambert.processor.topology.BadInputCorpusIT.Input;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Hostile input records: generated (jqwik) and a hand-picked list. */
final class HostileInputs {

  static final Instant FAR_PAST = Instant.parse("1900-01-01T00:00:00Z");
  static final Instant FAR_FUTURE = Instant.parse("9999-12-31T23:59:59Z");
  static final String SENTENCE =
      "Angela Merkel met Emmanuel Macron in Paris to discuss the budget of the European Union. ";

  private HostileInputs() {}

  /** An event id that no single corrupted byte turns into another input's id. */
  static String id(String base) {
    return base + "-" + Integer.toHexString(base.hashCode() * 31 + 7);
  }

  /** Makers of one generated input, given the base of its event id. */
  static Arbitrary<Function<String, Input>> input() {
    return Arbitraries.frequencyOf(
        Tuple.of(5, textInput()),
        Tuple.of(1, randomBytes()),
        Tuple.of(1, truncated()),
        Tuple.of(1, corrupted()),
        Tuple.of(1, Arbitraries.<Function<String, Input>>just(HostileInputs::unknownSchemaId)),
        Tuple.of(1, Arbitraries.<Function<String, Input>>just(base -> nullValue())));
  }

  private static Arbitrary<Function<String, Input>> textInput() {
    return Combinators.combine(hostileText(), keys(), eventTimes())
        .as((text, key, time) -> maker(base -> Input.text(id(base), key, text, time)));
  }

  private static Arbitrary<String> keys() {
    return Arbitraries.of("k", "k2", "").injectNull(0.2);
  }

  private static Arbitrary<Instant> eventTimes() {
    return Arbitraries.oneOf(
        Arbitraries.just(Instant.now()),
        Arbitraries.of(FAR_PAST, Instant.EPOCH, FAR_FUTURE),
        Arbitraries.longs().between(0, FAR_FUTURE.toEpochMilli()).map(Instant::ofEpochMilli));
  }

  /** Texts mixing scripts and the characters that trip tokenizers and offset arithmetic. */
  static Arbitrary<String> hostileText() {
    Arbitrary<String> mixed =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withChars(' ', ' ', ' ', '.', ',', '!', '\t', '\n')
            .withCharRange('\u0000', '\u001f') // control characters
            .withChars('\u200b', '\u200c', '\u200d', '\u2060', '\ufeff') // zero-width
            .withChars('\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e')
            .withChars('\u2066', '\u2067', '\u2068', '\u2069') // bidi isolates
            .withCharRange('\u0300', '\u036f') // combining marks
            .withCharRange('\u4e00', '\u4e80') // CJK
            .withCharRange('\u0620', '\u064a') // Arabic letters
            .withCharRange('\ud800', '\udfff') // surrogates: pairs (emoji, ...) and lone halves
            .ofMaxLength(300);
    Arbitrary<String> words =
        Arbitraries.of(
                "Angela",
                "Merkel",
                "Berlin",
                "Z\u00fcrich",
                "caf\u00e9",
                "\uD83D\uDE00",
                "\uD83D\uDC69\u200D\uD83D\uDCBB",
                "\u6771\u4eac",
                "\u0627\u0644\u0642\u0627\u0647\u0631\u0629",
                "e\u0301\u0301\u0301",
                "\u202eevil\u202c",
                "\ud800",
                "\udc00",
                "\u0000",
                "zero\u200bwidth")
            .list()
            .ofMaxSize(40)
            .map(w -> String.join(" ", w));
    Arbitrary<String> windows =
        Arbitraries.integers().between(3, 22).map(SENTENCE::repeat); // several windows each
    Arbitrary<String> limits =
        Arbitraries.of(
            "a".repeat(BadInputCorpusIT.TEXT_MAX_BYTES),
            "a".repeat(BadInputCorpusIT.TEXT_MAX_BYTES + 1),
            "\u20ac".repeat(BadInputCorpusIT.TEXT_MAX_BYTES / 3),
            "",
            " \t\n ");
    return Arbitraries.frequencyOf(
        Tuple.of(4, mixed), Tuple.of(3, words), Tuple.of(1, windows), Tuple.of(1, limits));
  }

  private static Arbitrary<Function<String, Input>> randomBytes() {
    return Arbitraries.bytes()
        .array(byte[].class)
        .ofMaxSize(64)
        .map(
            bytes ->
                base -> Input.raw("random bytes " + Arrays.toString(bytes), "k", run -> bytes));
  }

  private static Arbitrary<Function<String, Input>> truncated() {
    return Arbitraries.doubles()
        .between(0, 1)
        .map(
            share ->
                maker(
                    base ->
                        Input.raw(
                            "truncated Avro (" + share + ")",
                            "k",
                            run -> {
                              byte[] full = run.serialize(event(base, "a text cut short"));
                              return Arrays.copyOf(
                                  full, (int) Math.floor(share * (full.length - 1)));
                            })));
  }

  private static Arbitrary<Function<String, Input>> corrupted() {
    return Combinators.combine(Arbitraries.doubles().between(0, 1), Arbitraries.bytes())
        .as(
            (share, b) ->
                maker(
                    base ->
                        Input.raw(
                            "one corrupted byte (" + share + ", " + b + ")",
                            "k",
                            run -> {
                              byte[] bytes =
                                  run.serialize(event(base, "one byte of this is wrong"));
                              bytes[(int) Math.floor(share * (bytes.length - 1))] = b;
                              return bytes;
                            })));
  }

  /** Gives a lambda its type where Java cannot infer it (a lambda returned by a lambda). */
  private static Function<String, Input> maker(Function<String, Input> maker) {
    return maker;
  }

  private static Input unknownSchemaId(String base) {
    return Input.raw(
            "unknown schema id",
            "k",
            run -> {
              byte[] bytes = run.serialize(event(base, "a text under an unknown schema id"));
              ByteBuffer.wrap(bytes).putInt(1, 4242);
              return bytes;
            })
        .expecting(DeadLetterReason.UNKNOWN_SCHEMA_ID);
  }

  private static Input nullValue() {
    return Input.raw("null value", "k", run -> null).expecting(DeadLetterReason.NULL_VALUE);
  }

  private static io.streambert.schemas.avro.TextEvent event(String base, String text) {
    return TextEventProducer.event(id(base), text, Instant.now());
  }

  /** The hand-picked cases of issue 17, one of each input class. */
  static List<Input> handPicked() {
    int max = BadInputCorpusIT.TEXT_MAX_BYTES;
    return List.of(
        Input.raw("random bytes", "k", run -> new byte[] {0x13, 0x37, 0x00, (byte) 0xff, 0x42}),
        Input.raw("empty value", "k", run -> new byte[0]).expecting(DeadLetterReason.TOO_SHORT),
        Input.raw(
                "bad magic byte",
                "k",
                run -> {
                  byte[] b = run.serialize(event("h-magic", "fine"));
                  b[0] = 1;
                  return b;
                })
            .expecting(DeadLetterReason.BAD_MAGIC_BYTE),
        Input.raw(
                "truncated Avro",
                "k",
                run -> {
                  byte[] b = run.serialize(event("h-trunc", "a text cut short"));
                  return Arrays.copyOf(b, b.length - 3);
                })
            .expecting(DeadLetterReason.CORRUPT_PAYLOAD),
        unknownSchemaId("h-unknown-id"),
        nullValue(),
        Input.text(id("h-null-key"), null, "A record without a key.", Instant.now()),
        Input.text(id("h-empty"), "k", "", Instant.now()).expecting(DeadLetterReason.EMPTY_TEXT),
        Input.text(id("h-blank"), "k", " \t\n\r ", Instant.now())
            .expecting(DeadLetterReason.EMPTY_TEXT),
        Input.text(id("h-no-break-spaces"), "k", "\u00a0\u2007\u202f", Instant.now()),
        Input.text(id("h-max"), "k", "a".repeat(max), Instant.now()),
        Input.text(id("h-max-plus-one"), "k", "a".repeat(max + 1), Instant.now())
            .expecting(DeadLetterReason.TEXT_TOO_LONG),
        Input.text(id("h-max-multibyte"), "k", "\u20ac".repeat(max / 3 + 1), Instant.now())
            .expecting(DeadLetterReason.TEXT_TOO_LONG),
        Input.text(id("h-windows"), "k", SENTENCE.repeat(22), Instant.now()),
        Input.text(id("h-lone-high"), "k", "Paris \ud800 Berlin", Instant.now()),
        Input.text(id("h-lone-low"), "k", "\udc00 Angela Merkel", Instant.now()),
        Input.text(id("h-controls"), "k", "\u0000\u0001\u0007\u001b", Instant.now()),
        Input.text(
            id("h-controls-in-text"), "k", "Angela\u0000Merkel\u0007 in Berlin", Instant.now()),
        Input.text(id("h-zero-width"), "k", "\u200b\u200c\u200d\u2060\ufeff", Instant.now()),
        Input.text(
            id("h-zero-width-words"), "k", "Angela\u200bMerkel met\u2060Macron", Instant.now()),
        Input.text(
            id("h-bidi"), "k", "\u202eAngela Merkel\u202c in \u2067Paris\u2069", Instant.now()),
        Input.text(
            id("h-combining"),
            "k",
            "Zu\u0308rich e\u0301\u0302\u0303\u0304 Mu\u0308ller",
            Instant.now()),
        Input.text(
            id("h-emoji"),
            "k",
            "\uD83D\uDE00 Obama \uD83D\uDC69\u200D\uD83D\uDCBB in Berlin \uD83C\uDDE9\uD83C\uDDEA",
            Instant.now()),
        Input.text(
            id("h-cjk"),
            "k",
            "\u6771\u4eac\u3067\u5b89\u500d\u6c0f\u304c\u4f1a\u3044\u307e\u3057\u305f\u3002",
            Instant.now()),
        Input.text(
            id("h-arabic"),
            "k",
            "\u0627\u0644\u0642\u0627\u0647\u0631\u0629 \u0645\u062f\u064a\u0646\u0629 \u062c\u0645\u064a\u0644\u0629",
            Instant.now()),
        Input.text(
            id("h-mixed"),
            "k",
            "Obama \u5728 Berlin \u0641\u064a Paris \u043c\u0435\u0442 Angela",
            Instant.now()),
        Input.text(id("h-far-past"), "k", "An event dated 1900.", FAR_PAST),
        Input.text(id("h-epoch"), "k", "An event dated 1970.", Instant.EPOCH),
        Input.text(id("h-far-future"), "k", "An event dated 9999.", FAR_FUTURE));
  }
}
