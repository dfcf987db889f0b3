// The open documents: their text with incremental changes applied, their parse kept current by re-parsing only
// the assignment an edit touches, and what was worked out for each version of them (the last validation, the
// outline, folding), dropped as soon as the version changes. Nothing of an old version outlives a change: an
// edit that cannot be applied incrementally re-parses the whole text, and a parse never throws (a document over
// the budget is `refused`, with one problem).
import { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AssignDocument } from '../../core/src';
import { describe } from './runner';

export interface OpenDocument {
  readonly uri: string;
  textDocument: TextDocument;
  parsed: AssignDocument;
  /** What was worked out for this version, by key. */
  readonly memo: Map<string, unknown>;
}

/** Whether a '\r\n' in `text` straddles offset `start` or `end` (where an edit began or ended). */
function joinsLineBreak(text: string, start: number, end: number): boolean {
  const straddles = (at: number) => at > 0 && text.charCodeAt(at - 1) === 0x0d && text.charCodeAt(at) === 0x0a;
  return straddles(start) || straddles(end);
}

export class DocumentStore {
  private readonly documents = new Map<string, OpenDocument>();

  constructor(private readonly log: (message: string) => void) {}

  open(uri: string, languageId: string, version: number, text: string): OpenDocument {
    const open: OpenDocument = { uri, textDocument: TextDocument.create(uri, languageId, version, text), parsed: AssignDocument.parse(text), memo: new Map() };
    this.documents.set(uri, open);
    return open;
  }

  /** Applies the client's changes in order; undefined when the document is not open. */
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): OpenDocument | undefined {
    const open = this.documents.get(uri);
    if (!open) return undefined;
    open.memo.clear();
    for (const change of changes) this.apply(open, change, version);
    return open;
  }

  private apply(open: OpenDocument, change: TextDocumentContentChangeEvent, version: number): void {
    if ('range' in change) {
      const start = open.textDocument.offsetAt(change.range.start);
      const end = open.textDocument.offsetAt(change.range.end);
      open.textDocument = TextDocument.update(open.textDocument, [change], version);
      // vscode-languageserver-textdocument counts lines wrongly when an edit joins a '\r' and a '\n' into one
      // line break (its line offsets are updated around the edit only): positions would drift from then on.
      if (joinsLineBreak(open.textDocument.getText(), start, start + change.text.length)) {
        open.textDocument = TextDocument.create(open.uri, open.textDocument.languageId, version, open.textDocument.getText());
      }
      try {
        open.parsed.applyEdit(start, end, change.text, open.textDocument.getText());
        return;
      } catch (error) {
        this.log(`Incremental parse of ${open.uri} failed, parsing the whole document: ${describe(error)}`);
      }
    } else {
      open.textDocument = TextDocument.update(open.textDocument, [change], version);
    }
    open.parsed = AssignDocument.parse(open.textDocument.getText());
  }

  close(uri: string): boolean {
    return this.documents.delete(uri);
  }

  get(uri: string): OpenDocument | undefined {
    return this.documents.get(uri);
  }

  has(uri: string): boolean {
    return this.documents.has(uri);
  }

  uris(): string[] {
    return [...this.documents.keys()];
  }

  /** A result worked out once per version of a document (an outline is asked for after every edit). */
  static memo<T>(open: OpenDocument, key: string, compute: () => T): T {
    if (open.memo.has(key)) return open.memo.get(key) as T;
    const value = compute();
    open.memo.set(key, value);
    return value;
  }
}
