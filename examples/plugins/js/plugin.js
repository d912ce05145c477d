// A pirlint rule plugin in JavaScript (componentize-js): `example/filler-word`.
//
// Build with `pirlint plugin build .` (it writes the WIT this pirlint speaks to
// wit/pirlint.wit, then runs `componentize-js plugin.js --wit wit/pirlint.wit
// --world-name rule-plugin --disable http --out plugin.wasm`); test with
// `pirlint plugin test plugin.wasm fixtures/`. The export `rules` implements
// `interface rules`: WIT records are objects with camelCase fields, enums are
// strings, an `option` is `undefined`, and a thrown error is `check`'s `err`.
//
// Spans are UTF-8 byte offsets into the report's source. A JS string is
// indexed by UTF-16 code units, so this plugin never indexes `source`: it
// searches the bytes of `new TextEncoder().encode(source)`, whose indexes
// *are* the byte offsets pirlint wants. (To turn a string index `i` into a
// byte offset instead: `utf8Length(s.slice(0, i))`, below.)
//
// The model carries text as spans into the source: a model `text` (a
// heading, a timeline entry's text, an owner, ...) is the source at its span
// unless the parser's value differs and is carried in `value`; `textOf`
// below resolves both, so the plugin never slices bytes by hand. Numbers the
// model packs (`report.prose`, three per run) are decoded by `proseRuns`.

const PLUGIN = "example";
const RULE = `${PLUGIN}/filler-word`;
const DEFAULT_WORDS = ["basically", "simply", "just"];
const OPTIONS_SCHEMA =
  '{"$schema":"https://json-schema.org/draft/2020-12/schema",' +
  '"type":"object","properties":{"words":{"type":"array","items":' +
  '{"type":"string","minLength":1},"default":["basically","simply","just"],' +
  '"description":"The words to flag, matched as written (case-sensitive), whole words only."}},' +
  '"additionalProperties":false}';
const DOCUMENTATION = `# example/filler-word

Flags filler words in prose: the words of the option \`words\`
("basically", "simply" and "just" unless set), matched as written,
whole words only, in prose (not in code, quotes or front matter).

## Why it matters

A post-incident report is read under time pressure, and by people
outside the team that wrote it (the Google SRE book, ch. 15,
"Postmortem Culture", asks for postmortems to be shared widely).
Words such as "basically" or "simply" add nothing a reader needs, and
"simply" makes a hard step sound easy.

## How to fix

Delete the word (the safe fix does, with the space after it), or say
precisely what you mean. "We simply restarted the resolver." becomes:

\`\`\`markdown
We restarted the resolver.
\`\`\`

## Options

- \`words\` (list of strings, default
  \`["basically", "simply", "just"]\`): the words to flag, matched as
  written (case-sensitive), whole words only.

\`\`\`toml
[rules."example/filler-word"]
words = ["basically", "simply", "just", "obviously"]
\`\`\`
`;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The string of a model value: `value` when the model carries one (it does
 * where the parser's value differs from the source), else the source bytes
 * (`src`, the encoded source) of `span`, decoded. A `text`:
 * `textOf(src, t.span, t.value)`; a timestamp: `textOf(src, ts.span, ts.text)`;
 * a section's content: `textOf(src, s.bodySpan, s.body)`.
 */
export function textOf(src, span, value) {
  if (value !== undefined) return value;
  return decoder.decode(src.subarray(span.start, span.end));
}

const NO_SECTION = 0xffffffff;

/**
 * The report's prose runs as `{ start, end, section }`: `report.prose` (a
 * Uint32Array) carries three numbers per run (its span, then the index in
 * `report.sections` of its section, `NO_SECTION` when in none); `section` is
 * `undefined` when in none.
 */
export function* proseRuns(report) {
  const p = report.prose;
  for (let k = 0; k + 2 < p.length; k += 3) {
    yield { start: p[k], end: p[k + 1], section: p[k + 2] === NO_SECTION ? undefined : p[k + 2] };
  }
}

/** The UTF-8 length of a JS string (UTF-16 code units in, bytes out). */
export function utf8Length(s) {
  let n = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) { n += 4; k++; } // a surrogate pair: one 4-byte character
    else n += 3;
  }
  return n;
}

// A byte that continues a word: ASCII letters, digits, `_`, and every byte
// of a non-ASCII character (so `justé` is one word).
function isWordByte(b) {
  return b >= 0x80 || b === 0x5f || (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
}

// The first index i >= from with hay[i..i+needle.length] == needle inside [.., end), or -1.
function indexOfBytes(hay, needle, from, end) {
  outer: for (let i = from; i + needle.length <= end; i++) {
    for (let k = 0; k < needle.length; k++) {
      if (hay[i + k] !== needle[k]) continue outer;
    }
    return i;
  }
  return -1;
}

// Byte ranges of `word` as a whole word inside src[start, end).
function findWords(src, start, end, word) {
  const hits = [];
  let pos = start;
  for (;;) {
    const i = indexOfBytes(src, word, pos, end);
    if (i < 0) return hits;
    const j = i + word.length;
    if ((i === start || !isWordByte(src[i - 1])) && (j === end || !isWordByte(src[j]))) {
      hits.push([i, j]);
      pos = j;
    } else {
      pos = i + 1;
    }
  }
}

export const rules = {
  describe() {
    return {
      name: PLUGIN,
      version: "0.1.0",
      interfaceVersion: 2,
      rules: [
        {
          id: RULE,
          summary: "Flags filler words in prose",
          defaultSeverity: "warning",
          documentation: DOCUMENTATION,
          optionsSchema: OPTIONS_SCHEMA,
          fixable: true,
          formerIds: [],
        },
      ],
    };
  },

  check(report, source, rules, _context) {
    const config = rules.find((r) => r.rule === RULE);
    if (config === undefined) return [];
    let options;
    try {
      options = JSON.parse(config.optionsJson || "{}");
    } catch (e) {
      throw `invalid options for rule \`${RULE}\`: ${e}`; // becomes check's `err`
    }
    const words = options.words ?? DEFAULT_WORDS;

    const src = encoder.encode(source); // indexes are byte offsets
    const out = [];
    for (const run of proseRuns(report)) {
      const { start, end } = run;
      for (const word of words) {
        if (word === "") continue;
        for (const [i, j] of findWords(src, start, end, encoder.encode(word))) {
          // Delete the word and the space after it (else before it).
          let cut;
          if (j < end && src[j] === 0x20) cut = { start: i, end: j + 1 };
          else if (i > start && src[i - 1] === 0x20) cut = { start: i - 1, end: j };
          else cut = { start: i, end: j };
          const secondary = [];
          if (run.section !== undefined) {
            const heading = report.sections[run.section].headingSpan;
            secondary.push({ span: { start: heading.start, end: heading.end }, message: "in this section" });
          }
          out.push({
            rule: RULE,
            severity: undefined,
            message: `\u201c${word}\u201d is a filler word`,
            primary: { span: { start: i, end: j }, message: "filler word" },
            secondary,
            help: "It adds nothing a reader needs: delete it, or say precisely what you mean.",
            fixes: [{ description: `delete \u201c${word}\u201d`, applicability: "safe", edits: [{ span: cut, replacement: "" }] }],
          });
        }
      }
    }
    return out;
  },
};
