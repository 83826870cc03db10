/** Writes the dashboard bundle (index.html, app.js, app.css) into `outDir` (default: dist/dashboard); resolves to the folder. */
export declare function buildDashboard(outDir?: string): Promise<string>;
