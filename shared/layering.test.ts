import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

/** The layering rules must actually fire, or a stray import would pass lint silently. */
describe('layering lint rules', () => {
  const eslint = new ESLint();
  const lint = async (filePath: string, code: string) =>
    (await eslint.lintText(code, { filePath }))[0]!.messages.filter((m) => m.ruleId === 'no-restricted-imports');

  it('stops shared/ importing the server and the renderer importing the server', async () => {
    expect(await lint('shared/domain/x.ts', "import { a } from '../../server/app.js';\nexport const b = a;\n")).toHaveLength(1);
    expect(await lint('renderer/app/x.ts', "import { a } from '../../server/app.js';\nexport const b = a;\n")).toHaveLength(1);
    expect(await lint('server/core/x.ts', "import { a } from '../../renderer/app/main.js';\nexport const b = a;\n")).toHaveLength(1);
  });

  it('lets every layer import the shared contract', async () => {
    expect(await lint('server/core/x.ts', "import { a } from '../../shared/domain/roles.js';\nexport const b = a;\n")).toHaveLength(0);
    expect(await lint('renderer/app/x.ts', "import { a } from '../../shared/domain/roles.js';\nexport const b = a;\n")).toHaveLength(0);
  });
});
