/**
 * The report view of "Postfix: Analyze mail log", run inside the webview.
 * The data comes in a message from the extension and everything is built
 * with DOM calls: text from the log (addresses, client names, reply texts)
 * only ever goes into textContent, so nothing a client sent is read as
 * markup. Charts are plain SVG, coloured by the theme's chart colours.
 */
import type { ReportData, ReportRow } from '../../server/src/service/features/log/reportData';

interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** What the extension sends: the report, and the restriction to show first (from a code lens). */
interface ReportMessage {
  type: 'report';
  data: ReportData;
  focus?: { restriction?: string; line?: number };
}

const vscode = acquireVsCodeApi();
const SVG = 'http://www.w3.org/2000/svg';
/** Restrictions with a colour of their own in the chart; the rest share one. */
const COLOURS = 7;
const TOP = 10;

type Attributes = Record<string, string | number>;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function svg(tag: string, attributes: Attributes = {}, className?: string): SVGElement {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (className) node.setAttribute('class', className);
  return node;
}

/** A tooltip on an SVG shape. */
function titled(node: SVGElement, text: string): SVGElement {
  const title = svg('title');
  title.textContent = text;
  node.appendChild(title);
  return node;
}

const count = (n: number): string => n.toLocaleString('en-US');

function rowName(row: ReportRow): string {
  if (row.restriction === null) return 'not attributed';
  return row.argument === null ? row.restriction : `${row.restriction} ${row.argument}`;
}

const fileName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/** The restriction as a link to its line, when the report knows where it is written. */
function restrictionLink(row: ReportRow): HTMLElement {
  if (row.uri === null || row.line === null) return el('span', 'restriction', rowName(row));
  const link = el('a', 'restriction', rowName(row));
  link.href = '#';
  link.title = `${row.file ?? ''}, line ${row.line + 1}`;
  const { uri, line } = row;
  link.addEventListener('click', (event) => {
    event.preventDefault();
    vscode.postMessage({ type: 'open', uri, line });
  });
  return link;
}

function where(row: ReportRow): string {
  return row.file === null || row.line === null ? '' : `${fileName(row.file)}:${row.line + 1}`;
}

function section(title: string, note?: string): HTMLElement {
  const node = el('section');
  node.appendChild(el('h2', undefined, title));
  if (note) node.appendChild(el('p', 'note', note));
  return node;
}

function table(headers: string[], rows: (string | Node)[][], className?: string): HTMLTableElement {
  const node = el('table', className);
  const head = node.createTHead().insertRow();
  for (const h of headers) head.appendChild(el('th', undefined, h));
  const body = node.createTBody();
  for (const cells of rows) {
    const tr = body.insertRow();
    for (const cell of cells) {
      const td = tr.insertCell();
      if (typeof cell === 'string') td.textContent = cell;
      else td.appendChild(cell);
    }
  }
  return node;
}

/** A few lines of the log, as text, folded away. */
function examples(lines: readonly string[]): HTMLElement {
  const details = el('details');
  details.appendChild(el('summary', undefined, `${lines.length} example${lines.length === 1 ? '' : 's'}`));
  for (const line of lines) details.appendChild(el('pre', 'example', line));
  return details;
}

/** One stacked part of a chart: its count per day, its colour class, and the row it stands for. */
interface Series {
  name: string;
  colour: string;
  perDay: Map<string, number>;
  row?: ReportRow;
}

/** Stacked bars per day, one part per series. */
function stackedBars(days: readonly string[], series: readonly Series[], label: string): SVGElement {
  const width = Math.max(320, Math.min(960, days.length * 28 + 60));
  const height = 180;
  const left = 44;
  const bottom = 24;
  const totals = days.map((day) => series.reduce((n, s) => n + (s.perDay.get(day) ?? 0), 0));
  const max = Math.max(1, ...totals);
  const band = (width - left - 8) / Math.max(1, days.length);
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img' }, 'chart');
  chart.setAttribute('aria-label', label);
  const scale = (n: number): number => (n / max) * (height - bottom - 12);
  chart.appendChild(svg('line', { x1: left, y1: height - bottom, x2: width - 4, y2: height - bottom }, 'axis'));
  const top = svg('text', { x: left - 6, y: 14, 'text-anchor': 'end' }, 'tick');
  top.textContent = count(max);
  chart.appendChild(top);
  days.forEach((day, i) => {
    let y = height - bottom;
    const x = left + i * band + band * 0.15;
    for (const s of series) {
      const n = s.perDay.get(day) ?? 0;
      if (n === 0) continue;
      const h = Math.max(1, scale(n));
      y -= h;
      chart.appendChild(titled(svg('rect', { x, y, width: band * 0.7, height: h }, s.colour), `${day}: ${s.name}: ${count(n)}`));
    }
    // a date under every bar while they fit, else under every seventh
    if (days.length <= 14 || i % 7 === 0) {
      const tick = svg('text', { x: x + band * 0.35, y: height - 8, 'text-anchor': 'middle' }, 'tick');
      tick.textContent = day.slice(5);
      chart.appendChild(tick);
    }
  });
  return chart;
}

function legend(entries: readonly Series[]): HTMLElement {
  const list = el('ul', 'legend');
  for (const entry of entries) {
    const item = el('li');
    item.appendChild(el('span', `swatch ${entry.colour}`));
    item.appendChild(entry.row ? restrictionLink(entry.row) : el('span', undefined, entry.name));
    list.appendChild(item);
  }
  return list;
}

/** Horizontal bars with their labels as text: the most rejected clients or senders. */
function topBars(entries: readonly [string, number][], colour: string, label: string): HTMLElement {
  if (entries.length === 0) return el('p', 'note', 'None.');
  const max = Math.max(1, ...entries.map(([, n]) => n));
  const list = el('div', 'bars');
  list.setAttribute('aria-label', label);
  for (const [name, n] of entries.slice(0, TOP)) {
    const row = el('div', 'bar-row');
    row.appendChild(el('span', 'bar-label', name));
    const track = svg('svg', { viewBox: '0 0 100 10', preserveAspectRatio: 'none', width: '100%', height: 12 }, 'bar-track');
    track.appendChild(titled(svg('rect', { x: 0, y: 0, width: Math.max(0.5, (n / max) * 100), height: 10 }, colour), `${name}: ${count(n)}`));
    row.appendChild(track);
    row.appendChild(el('span', 'bar-count', count(n)));
    list.appendChild(row);
  }
  return list;
}

function summary(data: ReportData): HTMLElement {
  const node = el('header');
  node.appendChild(el('h1', undefined, 'Mail log report'));
  const period = data.from && data.to ? `${data.from} to ${data.to}` : 'no dated lines';
  node.appendChild(el('p', undefined, `${data.files.join(', ')}: ${count(data.lines)} lines, ${period}.`));
  node.appendChild(
    el(
      'p',
      'note',
      data.config === null
        ? 'No main.cf was found (postfix.log.config): rejects are named by their reply text alone, without a line to link to.'
        : `Rejects are attributed with ${data.config}.`,
    ),
  );
  const tiles = el('div', 'tiles');
  const rejects = data.rejects.filter((r) => r.action !== 'reject_warning').reduce((n, r) => n + r.count, 0);
  const trials = data.rejects.filter((r) => r.action === 'reject_warning').reduce((n, r) => n + r.count, 0);
  const m = data.messages;
  for (const [name, n] of [
    ['received', m.received],
    ['delivered', m.delivered],
    ['deferred', m.deferred],
    ['bounced', m.bounced],
    ['expired', m.expired],
    ['discarded', m.discarded],
    ['held', m.held],
    ['rejected', rejects],
    ['warn_if_reject', trials],
  ] as [string, number][]) {
    const tile = el('div', 'tile');
    tile.appendChild(el('span', 'tile-count', count(n)));
    tile.appendChild(el('span', 'tile-name', name));
    tiles.appendChild(tile);
  }
  node.appendChild(tiles);
  return node;
}

function problems(data: ReportData): HTMLElement | undefined {
  if (data.problems.length === 0 && data.skipped.length === 0) return undefined;
  const node = section('Not read');
  for (const p of data.problems) node.appendChild(el('p', 'problem', p));
  for (const s of data.skipped) {
    const row = el('div');
    row.appendChild(el('p', undefined, `${count(s.count)} lines: ${s.reason}`));
    if (s.examples.length) row.appendChild(examples(s.examples));
    node.appendChild(row);
  }
  return node;
}

const perDayOf = (rows: readonly ReportRow[]): Map<string, number> => {
  const map = new Map<string, number>();
  for (const row of rows) for (const [day, n] of row.perDay) map.set(day, (map.get(day) ?? 0) + n);
  return map;
};

/** Rows of one action kind, as a chart by day and a table with links to the restrictions. */
function rowsSection(title: string, note: string, rows: readonly ReportRow[], days: readonly string[], countTitle: string): HTMLElement {
  const node = section(title, note);
  if (rows.length === 0) {
    node.appendChild(el('p', 'note', 'None in these logs.'));
    return node;
  }
  const series: Series[] = rows.slice(0, COLOURS).map((row, i) => ({ name: rowName(row), colour: `c${i}`, perDay: new Map(row.perDay), row }));
  const rest = rows.slice(COLOURS);
  if (rest.length) series.push({ name: `${rest.length} more`, colour: 'c-rest', perDay: perDayOf(rest) });
  node.appendChild(stackedBars(days, series, `${title} per day`));
  node.appendChild(legend(series));
  const cells = rows.map((row) => [
    restrictionLink(row),
    row.action,
    row.stage,
    row.code ?? '',
    count(row.count),
    count(row.clients),
    where(row),
    row.examples.length ? examples(row.examples) : '',
  ]);
  const rowsTable = table(['restriction', 'action', 'stage', 'code', countTitle, 'clients', 'where', 'examples'], cells, 'rows');
  rows.forEach((row, i) => {
    const tr = rowsTable.tBodies[0].rows[i];
    tr.dataset.restriction = (row.restriction ?? '').toLowerCase();
    tr.dataset.line = row.line === null ? '' : String(row.line);
  });
  node.appendChild(rowsTable);
  return node;
}

const STATUS_COLOURS: Record<string, string> = { sent: 's-sent', deferred: 's-deferred', bounced: 's-bounced', expired: 's-expired' };

function deliveries(data: ReportData): HTMLElement {
  const node = section('Delivery status over time', 'Delivery attempts per day by their status (status= lines).');
  if (data.deliveries.length === 0) {
    node.appendChild(el('p', 'note', 'No deliveries in these logs.'));
    return node;
  }
  const statuses = [...new Set(data.deliveries.flatMap((d) => Object.keys(d.counts)))];
  const series = statuses.map((status) => ({
    name: status,
    colour: STATUS_COLOURS[status] ?? 'c-rest',
    perDay: new Map(data.deliveries.map((d) => [d.day, d.counts[status] ?? 0])),
  }));
  node.appendChild(stackedBars(data.days, series, 'Deliveries per day'));
  node.appendChild(legend(series));
  return node;
}

function render(message: ReportMessage): void {
  const { data } = message;
  const root = document.getElementById('report');
  if (!root) return;
  root.replaceChildren();
  root.appendChild(summary(data));
  const notRead = problems(data);
  if (notRead) root.appendChild(notRead);
  const rejects = data.rejects.filter((r) => r.action !== 'reject_warning');
  const trials = data.rejects.filter((r) => r.action === 'reject_warning');
  root.appendChild(
    rowsSection(
      'Rejects per restriction',
      'Rejected and deferred (4xx) mail by the restriction that refused it. Click a restriction to open its line.',
      rejects,
      data.days,
      'count',
    ),
  );
  root.appendChild(
    rowsSection(
      'warn_if_reject trials',
      'What a restriction behind warn_if_reject would have rejected: the mail was accepted.',
      trials,
      data.days,
      'would reject',
    ),
  );
  const top = section('Top rejected clients and senders');
  const columns = el('div', 'columns');
  const clients = el('div');
  clients.appendChild(el('h3', undefined, 'Clients'));
  clients.appendChild(topBars(data.topClients, 'c0', 'Top rejected clients'));
  const senders = el('div');
  senders.appendChild(el('h3', undefined, 'Senders'));
  senders.appendChild(topBars(data.topSenders, 'c1', 'Top rejected senders'));
  columns.append(clients, senders);
  top.appendChild(columns);
  root.appendChild(top);
  root.appendChild(deliveries(data));
  focusOn(message.focus);
}

/** The row of the restriction a code lens was clicked on: scrolled to and marked. */
function focusOn(focus: ReportMessage['focus']): void {
  if (!focus?.restriction) return;
  const name = focus.restriction.toLowerCase();
  const rows = [...document.querySelectorAll<HTMLTableRowElement>('table.rows tbody tr')];
  const row = rows.find((r) => r.dataset.restriction === name && r.dataset.line === String(focus.line)) ?? rows.find((r) => r.dataset.restriction === name);
  if (!row) return;
  row.classList.add('focused');
  row.scrollIntoView({ block: 'center' });
}

window.addEventListener('message', (event: MessageEvent<ReportMessage>) => {
  if (event.data?.type === 'report') render(event.data);
});
vscode.postMessage({ type: 'ready' });
