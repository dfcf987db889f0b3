// The README's Neovim set-up, run as written in a headless Neovim (Debian 12 ships 0.7, the oldest the README
// promises): diagnostics arrive by push and completion works with the statically declared capabilities.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

/** The ```lua block of the README's Neovim section, pointed at this checkout. */
function readmeSnippet(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('**Neovim**'));
  const match = /```lua\n([\s\S]*?)```/.exec(section);
  assert.ok(match, 'the README has no Neovim lua snippet');
  return match[1].replace(/\/path\/to\/intune-assign/g, root);
}

/** Lua that waits for diagnostics, asks for completion, writes both to out.txt and quits. */
const CHECK = `
local out = vim.fn.getcwd() .. '/out.txt'
local function finish(lines) vim.fn.writefile(lines, out); vim.cmd('qa!') end
local done = false
vim.api.nvim_create_autocmd('DiagnosticChanged', { callback = function()
  local diagnostics = vim.diagnostic.get(0)
  if done or #diagnostics == 0 then return end
  done = true
  local lines = {}
  for _, d in ipairs(diagnostics) do table.insert(lines, 'diagnostic ' .. (d.lnum + 1) .. ':' .. (d.col + 1) .. ' ' .. tostring(d.code)) end
  local params = { textDocument = { uri = vim.uri_from_bufnr(0) }, position = { line = 3, character = 17 } }
  local results = vim.lsp.buf_request_sync(0, 'textDocument/completion', params, 10000) or {}
  for _, result in pairs(results) do
    local items = result.result and (result.result.items or result.result) or {}
    for _, item in ipairs(items) do table.insert(lines, 'completion ' .. item.label) end
  end
  finish(lines)
end })
vim.defer_fn(function() finish({ 'timeout: no diagnostics within 20 s' }) end, 20000)
`;

describe('Neovim with the README set-up', function () {
  this.timeout(40_000);

  it('gets diagnostics and completion from the server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'intune-assign-nvim-'));
    try {
      writeFileSync(join(dir, 'init.lua'), readmeSnippet());
      writeFileSync(join(dir, 'check.lua'), CHECK);
      const file = join(dir, 'app.assign.json');
      copyFileSync(join(root, 'test', 'fixtures', 'e2e-workspace', 'broken.assign.json'), file);
      const nvim = spawn('nvim', ['--headless', '-n', '-i', 'NONE', '-u', join(dir, 'init.lua'), '-c', `luafile ${join(dir, 'check.lua')}`, file], {
        cwd: dir,
        env: { ...process.env, HOME: dir, XDG_CONFIG_HOME: dir, XDG_DATA_HOME: dir, XDG_STATE_HOME: dir, XDG_CACHE_HOME: dir },
        stdio: 'ignore',
      });
      const code = await new Promise<number | null>((resolve, reject) => {
        nvim.once('error', reject);
        nvim.once('exit', resolve);
      });
      const out = readFileSync(join(dir, 'out.txt'), 'utf8').trim().split('\n');
      assert.equal(code, 0);
      assert.deepEqual(out.filter((l) => l.startsWith('diagnostic')), ['diagnostic 4:17 enum-casing']);
      const completions = out.filter((l) => l.startsWith('completion')).map((l) => l.slice('completion '.length));
      assert.ok(['available', 'required', 'uninstall', 'availableWithoutEnrollment'].every((i) => completions.includes(i)), out.join('\n'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
