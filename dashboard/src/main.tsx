import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { adoptTokenFromUrl } from "./api.js";
import { ComparePage } from "./pages/compare.js";
import { RunDetailPage } from "./pages/run-detail.js";
import { RunsListPage } from "./pages/runs-list.js";
import { href, useRoute } from "./router.js";
import "./styles.css";

function App() {
  const route = useRoute();
  const [page, id] = route.parts;
  return (
    <>
      <header className="top">
        <a href={href(["runs"])} className="brand">evalgate</a>
      </header>
      <main>
        {page === "runs" && id ? (
          <RunDetailPage key={id} route={route} runId={id} />
        ) : page === "compare" && id ? (
          <ComparePage key={id} route={route} comparisonId={id} />
        ) : page === "runs" ? (
          <RunsListPage route={route} />
        ) : (
          <p>
            no page here: <a href={href(["runs"])}>see the runs</a>
          </p>
        )}
      </main>
    </>
  );
}

adoptTokenFromUrl();
const root = document.getElementById("root");
if (root) createRoot(root).render(<StrictMode><App /></StrictMode>);
