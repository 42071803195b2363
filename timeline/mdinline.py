"""python-markdown's inline pass, faster and with the same output (markup.py uses it)."""
from __future__ import annotations

from markdown.treeprocessors import InlineProcessor
from markdown.util import AtomicString


# Characters without which an inline pattern's regex cannot match, by the regex's
# exact source: a pattern whose regex changes in a new python-markdown is always tried.
NEEDS = {
    r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)(`+)(.+?)(?<!`)\2(?!`))": ("`",),
    r"\\(.)": ("\\",),
    r"\[\^([^\]]*)\]": ("[^",),
    r"(?<!\!)\[": ("[",),
    r"\!\[": ("![",),
    r"<((?:[Ff]|[Hh][Tt])[Tt][Pp][Ss]?://[^<>]*)>": ("<",),
    r"<([^<> !]+@[^@<> ]+)>": ("<",),
    r"  \n": ("  \n",),
    r"(<(\/?[a-zA-Z][^<>@ ]*( [^<>]*)?|!--(?:(?!<!--|-->).)*--|[?](?:(?!<[?]|[?]>).)*[?]"
    r"|!\[CDATA\[(?:(?!<!\[CDATA\[|\]\]>).)*\]\])>)": ("<",),
    r"(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)": ("&",),
    r"((^|(?<=\s))(\*{1,3}|_{1,3})(?=\s|$))": ("*", "_"),
    r"\*": ("*",),
    r"_": ("_",),
}


class SkippingInlineProcessor(InlineProcessor):
    """python-markdown's inline pass, minus the patterns that cannot match.

    The stock pass tries all 17 inline patterns on every run of text, costing about
    half of a typical conversion; most runs hold none of the characters a given
    pattern starts with. Skipping a pattern whose regex cannot match is exactly
    what the stock loop does when it finds no match, so the output is the same.
    """

    def run(self, tree, ancestors=None):
        # Taken per document: an extension may register patterns as it converts.
        self._patterns = [(p, NEEDS.get(p.compiled_re.pattern)) for p in self.inlinePatterns]
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        # The stock __handleInline, with the check on the pattern's characters added.
        if isinstance(data, AtomicString):
            return data
        patterns, start = self._patterns, 0
        while patternIndex < len(patterns):
            pattern, needs = patterns[patternIndex]
            if needs is not None:
                for characters in needs:
                    if characters in data:
                        break
                else:  # no match possible: on to the next pattern, as on a failed search
                    patternIndex, start = patternIndex + 1, 0
                    continue
            data, matched, start = self._InlineProcessor__applyPattern(
                pattern, data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data
