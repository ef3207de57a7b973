/**
 * Stands in for `handlebars` in the page bundle: environments from the runtime-only build whose `compile` returns
 * the template precompiled at build time from the same source, so rendering needs no eval (the page's CSP has no
 * 'unsafe-eval') and gives the CLI's output. Partials registered as source are swapped for their precompiled form.
 */
import Runtime from 'handlebars/runtime';
import specs from 'rdslic:precompiled';

type Env = ReturnType<typeof Runtime.create>;
type Delegate = ReturnType<Env['template']>;

function precompiled(env: Env, source: string): Delegate {
  const spec = specs[source];
  if (!spec) throw new Error('report template was not precompiled into the page (rebuild it with npm run build:web)');
  return env.template(spec);
}

function create(): Env & { compile(source: string, options?: unknown): Delegate } {
  const env = Runtime.create();
  const register = env.registerPartial.bind(env) as (name: string, partial: unknown) => void;
  const registerPartial = (name: string, partial: unknown) => register(name, typeof partial === 'string' ? precompiled(env, partial) : partial);
  return Object.assign(env, { compile: (source: string) => precompiled(env, source), registerPartial: registerPartial as Env['registerPartial'] });
}

export default { create };
