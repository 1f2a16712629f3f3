import type { SequenceAnswer, ToolAnswer } from "../core/sim-answers.js";
import { perturbProbability } from "./behaviour.js";
import { conformJson, perturbShape, render, shapeFor, type ComposedReply, type ComposeInput, type Shape } from "./compose.js";
import { toolResultsAfterLastUser, type SimRequest } from "./sim-request.js";

/**
 * The model's side of a tool loop (docs/simulator.md, "Answer sequences"): a case whose
 * answer is `{calls, then}` calls `calls[k]` when the conversation holds k tool results
 * since the user's turn, and answers `then` once every call has its result. The step is
 * read from the conversation, so the simulator is stateless for a loop that resends it
 * (with `previous_response_id`, the stored responses supply the history).
 *
 * A wrong reply (probability (1 − accuracy) × difficulty, drawn once per attempt as for any
 * answer) lands on one step, drawn too: a wrong argument, another case's value, a refusal
 * or a cut reply there, while the other steps follow the sequence. A call may name a tool
 * the request did not offer: the model then calls it anyway, as a model can.
 */
export function composeSequence(input: ComposeInput, answer: SequenceAnswer): ComposedReply {
  const { req, entry, entries, accuracy, difficulty, rng } = input;
  const done = toolResultsAfterLastUser(req).length;
  const call = req.toolChoice === "none" ? undefined : answer.calls[done];
  const shape: Shape = call ? callShape(req, call) : shapeFor(req, { ...entry, answer: answer.then });
  const perturbed = rng() < perturbProbability(accuracy, difficulty);
  const kindDraw = rng();
  const stepDraw = rng();
  const step = Math.min(done, answer.calls.length);
  if (!perturbed || Math.floor(stepDraw * (answer.calls.length + 1)) !== step) return { content: render(shape), truncated: false, perturbation: null };
  return perturbShape(shape, kindDraw, entry, entries, rng);
}

function callShape(req: SimRequest, call: ToolAnswer): Shape {
  const tool = req.tools.find((t) => t.name === call.tool) ?? { name: call.tool, description: null, parameters: null, strict: false };
  return { kind: "tool", tool, value: conformJson(call.arguments, tool.parameters), more: [] };
}
