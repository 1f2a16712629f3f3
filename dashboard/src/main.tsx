import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { adoptTokenFromUrl } from "./api.js";
import { ComparePage } from "./pages/compare.js";
import { PmPage } from "./pages/pm.js";
import { ReleasePage } from "./pages/release.js";
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
        <nav>
          <a href={href(["runs"])}>runs</a>
          <a href={href(["pm"])}>cost vs quality</a>
        </nav>
      </header>
      <main>
        {page === "runs" && id ? (
          <RunDetailPage key={id} route={route} runId={id} />
        ) : page === "compare" && id ? (
          <ComparePage key={id} route={route} comparisonId={id} />
        ) : page === "release" && id ? (
          <ReleasePage key={id} comparisonId={id} />
        ) : page === "pm" ? (
          <PmPage route={route} />
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
