/**
 * A string that matches a JSON Schema `pattern`, for the schema filler: a small generator
 * over the regex subset structured outputs use (literals, escapes, classes, groups,
 * alternation, quantifiers). Each pattern is compiled and sampled once; a pattern the
 * generator cannot satisfy gives null, and the filler keeps the value it had.
 */
const compiled = new Map<string, { re: RegExp | null; sample: string | null }>();
const MAX_PATTERNS = 1024;

export function patternInfo(pattern: string): { re: RegExp | null; sample: string | null } {
  let info = compiled.get(pattern);
  if (!info) {
    let re: RegExp | null = null;
    try {
      re = new RegExp(pattern, "u");
    } catch {
      re = null;
    }
    const sample = re ? generate(pattern) : null;
    info = { re, sample: sample !== null && re?.test(sample) ? sample : null };
    if (compiled.size >= MAX_PATTERNS) compiled.clear();
    compiled.set(pattern, info);
  }
  return info;
}

/** True when `value` matches, or the pattern is one JavaScript cannot compile (nothing to enforce). */
export function matchesPattern(value: string, pattern: string): boolean {
  const { re } = patternInfo(pattern);
  return re === null || re.test(value);
}

const CLASS_SAMPLE: Record<string, string> = { d: "0", w: "a", s: " ", D: "a", W: "-", S: "a" };

class Gen {
  private i = 0;
  constructor(private readonly p: string) {}

  /** alternation := sequence ('|' sequence)*: the first branch is taken. */
  alternation(): string {
    const first = this.sequence();
    while (this.p[this.i] === "|") {
      this.i++;
      this.sequence();
    }
    return first;
  }

  private sequence(): string {
    let out = "";
    while (this.i < this.p.length && this.p[this.i] !== "|" && this.p[this.i] !== ")") {
      const atom = this.atom();
      out += atom.repeat(this.quantifier());
    }
    return out;
  }

  private atom(): string {
    const c = this.p[this.i++]!;
    if (c === "^" || c === "$") return "";
    if (c === ".") return "a";
    if (c === "\\") return this.escape();
    if (c === "[") return this.charClass();
    if (c === "(") {
      if (this.p[this.i] === "?") this.i += this.p[this.i + 1] === "<" ? this.p.indexOf(">", this.i) - this.i + 1 : 2;
      const inner = this.alternation();
      this.i++; // ')'
      return inner;
    }
    return c;
  }

  private escape(): string {
    const c = this.p[this.i++]!;
    return CLASS_SAMPLE[c] ?? (c === "b" || c === "B" ? "" : c);
  }

  private charClass(): string {
    const negated = this.p[this.i] === "^";
    if (negated) this.i++;
    const members: Array<[string, string]> = [];
    while (this.i < this.p.length && this.p[this.i] !== "]") {
      let c = this.p[this.i++]!;
      if (c === "\\") c = CLASS_SAMPLE[this.p[this.i]!] ?? this.p[this.i]!, this.i++;
      if (this.p[this.i] === "-" && this.p[this.i + 1] !== "]") {
        this.i++;
        let to = this.p[this.i++]!;
        if (to === "\\") to = this.p[this.i++]!;
        members.push([c, to]);
      } else members.push([c, c]);
    }
    this.i++; // ']'
    if (!negated) return members[0]?.[0] ?? "";
    for (const candidate of "aA0-_ x") {
      if (!members.some(([a, b]) => candidate >= a && candidate <= b)) return candidate;
    }
    return "~";
  }

  /** How many times the atom repeats: a quantifier's minimum, at least one for `+`. */
  private quantifier(): number {
    const c = this.p[this.i];
    let n = 1;
    if (c === "?" || c === "*") [n, this.i] = [0, this.i + 1];
    else if (c === "+") this.i++;
    else if (c === "{") {
      const close = this.p.indexOf("}", this.i);
      const m = /^\{(\d+)(,\d*)?\}$/.exec(this.p.slice(this.i, close + 1));
      if (m) [n, this.i] = [Number(m[1]), close + 1];
    }
    if (this.p[this.i] === "?") this.i++; // lazy
    return n;
  }
}

function generate(pattern: string): string | null {
  try {
    return new Gen(pattern).alternation();
  } catch {
    return null;
  }
}
