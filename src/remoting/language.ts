// LanguageCode names and the byte the ROCKETMQ binary header uses for them (LanguageCode.java ordinals;
// NODE_JS exists from 5.x on). JSON headers carry the name, so any string is accepted there.

const LANGUAGE_NAMES = [
  "JAVA", "CPP", "DOTNET", "PYTHON", "DELPHI", "ERLANG", "RUBY",
  "OTHER", "HTTP", "GO", "PHP", "OMS", "RUST", "NODE_JS",
] as const;

const OTHER_BYTE = 7;
const BYTE_BY_NAME = new Map<string, number>(LANGUAGE_NAMES.map((name, i) => [name, i]));

/** The binary header byte for a language name; names without an ordinal are written as OTHER. */
export function languageByte(name: string): number {
  if (name === "JAVA") return 0; // what mq itself writes
  return BYTE_BY_NAME.get(name) ?? OTHER_BYTE;
}

/** The language name for a binary header byte; bytes past the table read as OTHER. */
export function languageName(byte: number): string {
  return LANGUAGE_NAMES[byte] ?? "OTHER";
}
