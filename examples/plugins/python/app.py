"""A pirlint rule plugin in Python (componentize-py): `example/filler-word`.

Build with `pirlint plugin build .` (it writes the WIT this pirlint speaks to
wit/pirlint.wit, then runs
`componentize-py -d wit/pirlint.wit -w rule-plugin componentize app -o plugin.wasm`);
test with `pirlint plugin test plugin.wasm fixtures/`. componentize-py
generates the `wit_world` package from the WIT at build time.

Spans are UTF-8 byte offsets into the report's source. A Python `str` is
indexed by code points, so this plugin never indexes `source`: it searches
`source.encode("utf-8")`, whose indexes *are* the byte offsets pirlint wants.
(To turn a `str` index `i` into a byte offset instead: `len(s[:i].encode())`.)

The model carries text as spans into the source: a model `text` (a
heading, a timeline entry's text, an owner, ...) is `source[span]` unless the
parser's value differs and is carried in `value`; `text_of` below resolves
both, so the plugin never slices bytes by hand. Numbers the model packs
(`report.prose`, three per run) are decoded by `prose_runs` below.
"""

import json

from componentize_py_types import Err
from wit_world import exports
from wit_world.imports.types import (
    Applicability,
    Diagnostic,
    Edit,
    Fix,
    Label,
    PluginInfo,
    RuleInfo,
    Severity,
    Span,
)

PLUGIN = "example"
RULE = PLUGIN + "/filler-word"
DEFAULT_WORDS = ["basically", "simply", "just"]
OPTIONS_SCHEMA = (
    '{"$schema":"https://json-schema.org/draft/2020-12/schema",'
    '"type":"object","properties":{"words":{"type":"array","items":'
    '{"type":"string","minLength":1},"default":["basically","simply","just"],'
    '"description":"The words to flag, matched as written (case-sensitive), whole words only."}},'
    '"additionalProperties":false}'
)
DOCUMENTATION = """# example/filler-word

Flags filler words in prose: the words of the option `words`
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

```markdown
We restarted the resolver.
```

## Options

- `words` (list of strings, default
  `["basically", "simply", "just"]`): the words to flag, matched as
  written (case-sensitive), whole words only.

```toml
[rules."example/filler-word"]
words = ["basically", "simply", "just", "obviously"]
```
"""


def text_of(src: bytes, span, value=None) -> str:
    """The `str` of a model value: `value` when the model carries one (it
    does where the parser's value differs from the source), else the source
    bytes of `span`, decoded. A `text`: `text_of(src, t.span, t.value)`; a
    timestamp: `text_of(src, ts.span, ts.text)`; a section's content:
    `text_of(src, s.body_span, s.body)`, its heading: `text_of(src,
    s.heading.span, s.heading.value)`."""
    if value is not None:
        return value
    return src[span.start:span.end].decode("utf-8")


NO_SECTION = 0xFFFFFFFF


def prose_runs(report):
    """The report's prose runs as `(start, end, section)`: `report.prose`
    carries three numbers per run (its span, then the index in
    `report.sections` of its section, `NO_SECTION` when in none);
    `section` is None when in none."""
    p = report.prose
    for k in range(0, len(p) - 2, 3):
        yield p[k], p[k + 1], (None if p[k + 2] == NO_SECTION else p[k + 2])


def is_word_byte(b: int) -> bool:
    """A byte that continues a word: ASCII letters, digits, `_`, and every
    byte of a non-ASCII character (so `justé` is one word)."""
    return b >= 0x80 or b == 0x5F or 0x30 <= b <= 0x39 or 0x41 <= b <= 0x5A or 0x61 <= b <= 0x7A


def find_words(src: bytes, start: int, end: int, word: bytes):
    """Byte ranges of `word` as a whole word inside src[start:end]."""
    pos = start
    while True:
        i = src.find(word, pos, end)
        if i < 0:
            return
        j = i + len(word)
        if (i == start or not is_word_byte(src[i - 1])) and (j == end or not is_word_byte(src[j])):
            yield i, j
            pos = j
        else:
            pos = i + 1


class Rules(exports.Rules):
    def describe(self) -> PluginInfo:
        return PluginInfo(
            name=PLUGIN,
            version="0.1.0",
            interface_version=2,
            rules=[
                RuleInfo(
                    id=RULE,
                    summary="Flags filler words in prose",
                    default_severity=Severity.WARNING,
                    documentation=DOCUMENTATION,
                    options_schema=OPTIONS_SCHEMA,
                    fixable=True,
                    former_ids=[],
                )
            ],
        )

    def check(self, report, source, rules, context):
        config = next((r for r in rules if r.rule == RULE), None)
        if config is None:
            return []
        try:
            options = json.loads(config.options_json or "{}")
        except ValueError as e:
            raise Err(f"invalid options for rule `{RULE}`: {e}")
        words = options.get("words", DEFAULT_WORDS)

        src = source.encode("utf-8")  # indexes are byte offsets
        out = []
        for start, end, section in prose_runs(report):
            for word in words:
                if not word:
                    continue
                for i, j in find_words(src, start, end, word.encode("utf-8")):
                    # Delete the word and the space after it (else before it).
                    if j < end and src[j] == 0x20:
                        cut = Span(i, j + 1)
                    elif i > start and src[i - 1] == 0x20:
                        cut = Span(i - 1, j)
                    else:
                        cut = Span(i, j)
                    secondary = []
                    if section is not None:
                        heading = report.sections[section].heading_span
                        secondary.append(Label(Span(heading.start, heading.end), "in this section"))
                    out.append(
                        Diagnostic(
                            rule=RULE,
                            severity=None,
                            message=f"\u201c{word}\u201d is a filler word",
                            primary=Label(Span(i, j), "filler word"),
                            secondary=secondary,
                            help="It adds nothing a reader needs: delete it, or say precisely what you mean.",
                            fixes=[Fix(f"delete \u201c{word}\u201d", Applicability.SAFE, [Edit(cut, "")])],
                        )
                    )
        return out
