/**
 * What Jobline adds to the board's page, as one style sheet. First, the buttons for the actions board-actions.ts
 * switches off are hidden, so that an operator is not offered what would only be refused (Update data even let them
 * write a payload first). Bull Board 9.10 has no option for single actions: its readOnlyMode hides Retry, Clean,
 * Promote and Pause too. Its buttons carry no name either, only an icon (Lucide's, whose class is the icon's name),
 * so the rules match the icons, each scoped to where the board puts that button; dashboard-browser.test.ts holds
 * them to what the board offers, in case an upgrade renames one. The routes still refuse: hiding a button is not what
 * keeps the rows true.
 */

/** A button on a job's card (its actions list) or its page. */
const jobButton = (icon: string) => `[class^="jobActions-"] > li:has(svg.lucide-${icon})`;
/** An item of a queue's menu or of the overview's. */
const menuItem = (icon: string) => `[role="menu"] > [role="menuitem"]:has(> svg.lucide-${icon})`;

const hiddenActions: Record<string, string> = {
  Duplicate: jobButton("files"),
  "Update data": jobButton("pencil"),
  Reschedule: jobButton("clock"),
  "Change priority": jobButton("arrow-up-down"),
  "Remove unprocessed children": jobButton("list-x"),
  // The bar above a status's entries holds only bulk actions: Retry all, Clean all, Promote all.
  "Retry all, Clean all, Promote all": `[class^="queueActions-"]`,
  "Add job": menuItem("plus"),
  "Retry all failed jobs (a queue's, a group's, every queue's)": menuItem("refresh-cw"),
  "Set concurrency": menuItem("chart-no-axes-gantt"),
  "Set rate limit": menuItem("gauge"),
  Empty: menuItem("trash-2"),
  Obliterate: menuItem("ban"),
};

/**
 * A refusal's notice shows the problem's title and then why, as its description: set apart below the title, the
 * two read as a heading and its sentence, not as one line.
 */
const noticeDescription = `[class^="toast-"] > p { margin-top: 0.25rem; color: var(--muted-foreground); }`;

const style = `<style id="jobline-board">${Object.values(hiddenActions).join(",\n")} { display: none !important; }\n${noticeDescription}</style>`;

/** The board's page with the switched-off actions' buttons hidden and its notices' descriptions set apart. */
export function withBoardStyle(html: string): string {
  return html.replace("</head>", `${style}</head>`);
}
