import { describe, expect, test } from "vitest";
import { isEvalgateError } from "../core/index.js";
import { renderTemplate, renderTyped, renderValue, templateVars } from "./template.js";

const vars = { team: "billing", n: 3, ok: false, none: null, order: { id: "ORD-1", items: [1, 2] }, html: "<b>&</b>" };

describe("templating", () => {
  test("replaces vars and dotted paths inside text, with or without spaces in the braces", () => {
    expect(renderTemplate("team={{team}} id={{ order.id }}", vars)).toBe("team=billing id=ORD-1");
  });

  test("does no HTML escaping", () => {
    expect(renderTemplate("x {{html}}", vars)).toBe("x <b>&</b>");
  });

  test("inside text, numbers and booleans are written as is, null as nothing, maps and lists as JSON", () => {
    expect(renderTemplate("{{n}}|{{ok}}|{{none}}|{{order}}|{{order.items}}", vars)).toBe('3|false||{"id":"ORD-1","items":[1,2]}|[1,2]');
  });

  test("a string that is exactly one template keeps the var's type", () => {
    expect(renderTyped("{{n}}", vars)).toBe(3);
    expect(renderTyped("{{ none }}", vars)).toBeNull();
    expect(renderTyped("{{order}}", vars)).toEqual({ id: "ORD-1", items: [1, 2] });
    expect(renderTyped("n={{n}}", vars)).toBe("n=3");
  });

  test("renderValue renders deep inside maps and lists and leaves keys and non-strings alone", () => {
    expect(renderValue({ "{{team}}": ["{{n}}", "a {{team}}", 7, true], nested: { v: "{{order.id}}" } }, vars)).toEqual({ "{{team}}": [3, "a billing", 7, true], nested: { v: "ORD-1" } });
  });

  test("an unknown var or path is a TEMPLATE_ERROR naming the var, the case and the position", () => {
    for (const template of ["{{tema}}", "{{order.missing}}", "{{team.length}}"]) {
      try {
        renderTemplate(template, vars, { location: { file: "s.yaml", line: 4, col: 12 }, caseLabel: "case c1 (d.jsonl:2:1)" });
        expect.unreachable();
      } catch (e) {
        expect(isEvalgateError(e) && e.code).toBe("TEMPLATE_ERROR");
        if (!isEvalgateError(e)) throw e;
        expect(e.format()).toContain(`s.yaml:4:12: unknown variable \`${template.slice(2, -2)}\``);
        expect(e.message).toContain("for case c1 (d.jsonl:2:1)");
        expect(e.hint).toContain("team, n, ok, none, order, html");
      }
    }
  });

  test("text without templates and lone braces pass through untouched", () => {
    expect(renderTemplate("{ not: a template } {{ 1bad }}", {})).toBe("{ not: a template } {{ 1bad }}");
    expect(templateVars("{{a}} and {{b.c}}")).toEqual(["a", "b.c"]);
  });
});
