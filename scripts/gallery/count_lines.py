"""Counts the lines of a Python model definition: not blank, not a comment, not a docstring.

    python scripts/gallery/count_lines.py FILE [FIRST_NAME LAST_NAME]

With FIRST_NAME and LAST_NAME, counts only the top-level definitions from the one named
FIRST_NAME through the one named LAST_NAME (the model, without checkpoint helpers).
"""

import ast
import io
import sys
import tokenize


def code_lines(source):
    """Line numbers that hold code: every token's lines but comments', strings that stand alone
    as statements (docstrings) excluded."""
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            docstrings.update(range(node.lineno, node.end_lineno + 1))
    lines = set()
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER):
            continue
        lines.update(range(tok.start[0], tok.end[0] + 1))
    return lines - docstrings, tree


def main(path, first=None, last=None):
    source = open(path).read()
    lines, tree = code_lines(source)
    if first:
        spans, inside = [], False
        for node in tree.body:
            name = getattr(node, "name", None)
            if name == first:
                inside = True
            if inside and isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                start = min([d.lineno for d in node.decorator_list] + [node.lineno])
                spans.append(range(start, node.end_lineno + 1))
            if name == last:
                break
        lines = {n for n in lines if any(n in s for s in spans)}
    print(f"{path}: {len(lines)} lines")


if __name__ == "__main__":
    main(*sys.argv[1:])
