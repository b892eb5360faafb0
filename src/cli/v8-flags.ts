import v8 from 'node:v8';

/**
 * Sets a V8 flag for this process, unless Node was given it (on its command line or in
 * NODE_OPTIONS, in either spelling): the user's setting wins. For the CLI only, which owns its
 * process; the library leaves its host's settings alone. Worker threads share the flags.
 */
export function setFlagUnlessGiven(name: string, value: number, execArgv: readonly string[], nodeOptions: string | undefined): void {
  const given = new RegExp(`(?:^|\\s)--${name.replaceAll('-', '[-_]')}(?=$|=|\\s)`, 'u');
  if (execArgv.some((option) => given.test(option)) || given.test(nodeOptions ?? '')) return;
  v8.setFlagsFromString(`--${name}=${value}`);
}
