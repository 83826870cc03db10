import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/**
 * Summarizes a V8 CPU profile (`node --cpu-prof` writes one per process): self time by area of
 * the code (durable-ts's folders, drivers, Node, GC, idle) and the functions with the most self
 * time. Usage: node dist/bench/cpu-profile-summary.js <file.cpuprofile> [top=25]
 */

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** The area a function belongs to, from its script URL. */
export function areaOf(functionName: string, url: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : 'native (driver calls, builtins)';
  const src = /\/dist\/src\/([^/]+)\//.exec(url);
  if (src !== null) return `durable-ts ${src[1]}`;
  // The bench's counting wrapper around driver calls: its self time is the native call's (SQLite
  // statements run synchronously on the event loop, COMMIT's fsync included).
  if (url.endsWith('/query-counter.js')) return 'driver calls (SQLite statements incl. fsync, through the bench counter)';
  if (url.includes('/dist/bench/')) return 'bench harness';
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (module !== null) return `dependency ${module[1]}`;
  if (url.startsWith('node:')) return 'node internals';
  return 'other';
}

function summarize(path: string, top: number): string {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) continue;
    total += us;
    const area = areaOf(frame.functionName, frame.url);
    areas.set(area, (areas.get(area) ?? 0) + us);
    const where = frame.url === '' ? '' : ` ${basename(frame.url)}:${frame.lineNumber + 1}`;
    const key = `${frame.functionName || '(anonymous)'}${where}`;
    functions.set(key, (functions.get(key) ?? 0) + us);
  }
  const busy = total - (areas.get('(idle)') ?? 0);
  const pct = (us: number, of: number): string => `${((us / of) * 100).toFixed(1).padStart(5)}%`;
  const lines = [`${basename(path)}: ${(total / 1e6).toFixed(2)} s sampled, ${(busy / 1e6).toFixed(2)} s not idle`, '', 'self time by area (% of not idle):'];
  for (const [area, us] of [...areas].sort((a, b) => b[1] - a[1])) if (area !== '(idle)') lines.push(`  ${pct(us, busy)}  ${area}`);
  lines.push('', `top ${top} functions by self time (% of not idle):`);
  for (const [name, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top)) if (name !== '(idle)') lines.push(`  ${pct(us, busy)}  ${name}`);
  return lines.join('\n');
}

if (require.main === module) {
  const [path, top] = process.argv.slice(2);
  if (path === undefined) {
    console.error('Usage: node dist/bench/cpu-profile-summary.js <file.cpuprofile> [top=25]');
    process.exitCode = 2;
  } else {
    console.log(summarize(path, Number(top ?? 25)));
  }
}
