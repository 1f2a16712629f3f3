import type { AttemptQuery } from "../store.js";

const SCORE_OF_ATTEMPT = "s.run_id = a.run_id AND s.case_id = a.case_id AND s.arm = a.arm AND s.repeat = a.repeat";

/** LIKE pattern matching `text` anywhere, with %, _ and the escape character taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The WHERE clause (over `attempts a`) and its parameters for a query; SQL does all the filtering. */
export function attemptWhere(runId: string, q: Omit<AttemptQuery, "limit" | "offset">): { sql: string; params: unknown[] } {
  const where = ["a.run_id = ?"];
  const params: unknown[] = [runId];
  if (q.arm !== undefined) {
    where.push("a.arm = ?");
    params.push(q.arm);
  }
  if (q.caseId !== undefined) {
    where.push("a.case_id = ?");
    params.push(q.caseId);
  }
  if (q.status === "pass") where.push("a.status = 'ok' AND a.pass = 1");
  if (q.status === "fail") where.push("a.status = 'ok' AND a.pass = 0");
  if (q.status === "error") where.push("a.status = 'error'");
  if (q.grader !== undefined) {
    const failing = q.status === "fail" ? " AND s.pass = 0" : "";
    where.push(`EXISTS (SELECT 1 FROM scores s WHERE ${SCORE_OF_ATTEMPT} AND s.grader = ?${failing})`);
    params.push(q.grader);
  }
  if (q.tag !== undefined) {
    where.push("EXISTS (SELECT 1 FROM case_tags t WHERE t.run_id = a.run_id AND t.tag = ? AND t.case_id = a.case_id)");
    params.push(q.tag);
  }
  if (q.search !== undefined && q.search !== "") {
    const pattern = containsPattern(q.search);
    where.push("(a.case_id LIKE ? ESCAPE '\\' OR a.text LIKE ? ESCAPE '\\' OR json_extract(a.error_json, '$.message') LIKE ? ESCAPE '\\')");
    params.push(pattern, pattern, pattern);
  }
  return { sql: where.join(" AND "), params };
}
