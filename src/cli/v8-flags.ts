import v8 from 'node:v8';

/**
 * Sets a V8 flag for this process, unless Node was given it on its command line (`execArgv`, in
 * either spelling): the user's setting wins. Node refuses such V8 flags in NODE_OPTIONS and does
 * not start, so the command line is the only place to look. For the CLI only, which owns its
 * process; the library leaves its host's settings alone. Worker threads share the flags.
 */
export function setFlagUnlessGiven(name: string, value: number, execArgv: readonly string[]): void {
  const given = new RegExp(`^--${name.replaceAll('-', '[-_]')}(?=$|=)`, 'u');
  if (execArgv.some((option) => given.test(option))) return;
  v8.setFlagsFromString(`--${name}=${value}`);
}
