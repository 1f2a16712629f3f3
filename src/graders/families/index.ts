/** Importing this module registers every deterministic grader family. */
import "./equals.js";
import "./contains.js";
import "./icontains.js";
import "./contains-any.js";
import "./contains-all.js";
import "./starts-with.js";
import "./regex.js";
import "./json-schema.js";
import "./json-equals.js";
import "./tool-call.js";
import "./finish.js";
import "./refusal.js";
import "./cost.js";
import "./latency.js";
import "./javascript.js";
