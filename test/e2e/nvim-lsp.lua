-- Headless Neovim (0.7+) as a second LSP client of the Postfix language server.
--   nvim --headless -u NONE -i NONE -n -c 'luafile test/e2e/nvim-lsp.lua'
-- env: TEST_FILE (a main.cf; its first line with HOVER_WORD is hovered), LSP_CMD (default
-- "node dist/server.js --stdio"), EXPECT_CODE (default unknown-parameter), HOVER_WORD
-- (default smtpd_relay_restrictions), EXPECT_HOVER (default "Added in Postfix"), TIMEOUT_MS.
-- Then asks postfix/simulate about one mail. Prints DIAG/HOVER/SIMULATE lines and PASS; exits
-- non-zero on any failure or timeout.
local out = function(s) io.stdout:write(s .. '\n') end
local function fail(code, msg)
  out('FAIL: ' .. msg)
  io.stdout:flush()
  vim.cmd('cquit ' .. code)
end
local file = os.getenv('TEST_FILE')
if not file then fail(9, 'TEST_FILE unset') end
local timeout = tonumber(os.getenv('TIMEOUT_MS') or '15000')
local cmd = vim.split(os.getenv('LSP_CMD') or 'node dist/server.js --stdio', ' ', { trimempty = true })
local expect_code = os.getenv('EXPECT_CODE') or 'unknown-parameter'
local hover_word = os.getenv('HOVER_WORD') or 'smtpd_relay_restrictions'
local expect_hover = os.getenv('EXPECT_HOVER') or 'Added in Postfix'

vim.cmd('edit ' .. vim.fn.fnameescape(file))
vim.bo.filetype = 'pfmain'
local bufnr = vim.api.nvim_get_current_buf()
local uri = vim.uri_from_bufnr(bufnr)

-- count publishDiagnostics for this buffer, keep the raw LSP diagnostics (with their codes)
local published, raw = 0, nil
local default = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  if result and result.uri == uri then
    published = published + 1
    raw = result.diagnostics
  end
  return default(err, result, ctx, config)
end

local client_id = vim.lsp.start_client({
  name = 'postfix', cmd = cmd, root_dir = vim.fn.fnamemodify(file, ':p:h'),
  on_exit = function(code, signal) out(('server exited code=%s signal=%s'):format(code, signal)) end,
})
if not client_id then fail(2, 'start_client returned nil') end
vim.lsp.buf_attach_client(bufnr, client_id)

-- 1. diagnostics
if not vim.wait(timeout, function() return published > 0 end, 50) then
  fail(1, 'no publishDiagnostics within ' .. timeout .. 'ms')
end
local found = false
for _, d in ipairs(raw or {}) do
  out(('DIAG %d:%d severity=%s code=%s %s'):format(d.range.start.line + 1, d.range.start.character + 1,
    tostring(d.severity), tostring(d.code), d.message))
  if tostring(d.code) == expect_code then found = true end
end
if not found then fail(4, 'no diagnostic with code ' .. expect_code) end

-- 2. hover on the first occurrence of HOVER_WORD
local pos
for i, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
  local col = line:find(hover_word, 1, true)
  if col then pos = { line = i - 1, character = col } break end
end
if not pos then fail(5, hover_word .. ' is not in ' .. file) end
local res, err = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover',
  { textDocument = { uri = uri }, position = pos }, timeout)
local hov = res and res[client_id] and res[client_id].result
if not hov then fail(3, 'no hover (' .. tostring(err) .. ')') end
local contents = hov.contents
local text
if type(contents) == 'string' then text = contents
elseif contents.value then text = contents.value
else
  local parts = {}
  for _, c in ipairs(contents) do parts[#parts + 1] = type(c) == 'string' and c or (c.value or '') end
  text = table.concat(parts, '\n')
end
out('HOVER ' .. text:gsub('%s+', ' '))
if not text:find(expect_hover, 1, true) then fail(6, 'hover lacks "' .. expect_hover .. '"') end

-- 3. the simulator's custom request, as the README shows it
local answer
vim.lsp.buf_request(bufnr, 'postfix/simulate', {
  uri = uri,
  transaction = { clientAddress = '203.0.113.7', helo = 'mail.example.net',
                  sender = 'alice@example.net', recipients = { 'bob@example.com' } },
}, function(err, result)
  answer = err and ('error ' .. err.message) or result
end)
if not vim.wait(timeout, function() return answer ~= nil end, 50) then fail(7, 'no answer to postfix/simulate') end
if type(answer) == 'string' then fail(8, answer) end
for _, r in ipairs(answer.recipients) do
  out('SIMULATE ' .. r.recipient .. ': ' .. r.verdict .. ': ' .. r.reply)
end

vim.lsp.stop_client(client_id)
vim.wait(3000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
out('PASS')
io.stdout:flush()
vim.cmd('qall!')
