-- Run by test/e2e/neovim.test.ts inside `nvim --headless --clean`: starts dockerlean's language
-- server with Neovim's own LSP client, opens a Dockerfile, waits for published diagnostics and
-- writes them as JSON. Inputs come from the environment so no quoting crosses the command line.
local server = assert(os.getenv('DL_SERVER'), 'DL_SERVER')
local file = assert(os.getenv('DL_FILE'), 'DL_FILE')
local out = assert(os.getenv('DL_OUT'), 'DL_OUT')
local want = os.getenv('DL_WANT_CODE') or ''
local timeout = tonumber(os.getenv('DL_TIMEOUT_MS') or '30000')
local node = os.getenv('DL_NODE') or 'node'

local function write(result)
  local f = assert(io.open(out, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local exited = nil
  local config = {
    name = 'dockerlean',
    cmd = { node, server, '--stdio' },
    root_dir = vim.fn.fnamemodify(file, ':p:h'),
    on_exit = function(code, signal) exited = { code = code, signal = signal } end,
  }
  local client_id
  if vim.lsp.start then
    client_id = vim.lsp.start(config, { bufnr = buf })
  else
    -- Neovim 0.7 (Debian 12) has only the lower-level pair.
    client_id = vim.lsp.start_client(config)
    vim.lsp.buf_attach_client(buf, client_id)
  end
  assert(client_id, 'language client did not start')

  -- 0.7 keeps the LSP code under user_data.lsp; later versions also copy it to `code`.
  local function code_of(d)
    if d.code ~= nil then return d.code end
    local lsp = d.user_data and d.user_data.lsp
    return lsp and lsp.code or vim.NIL
  end
  local function collect()
    local list = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      table.insert(list, {
        line = d.lnum + 1,
        column = d.col + 1,
        severity = d.severity,
        message = d.message,
        source = d.source or vim.NIL,
        code = code_of(d),
      })
    end
    return list
  end
  local started = vim.loop.now()
  local found = vim.wait(timeout, function()
    if exited then return true end
    for _, d in ipairs(collect()) do
      if want == '' or d.code == want then return true end
    end
    return false
  end, 100)
  local elapsed = vim.loop.now() - started
  local client = vim.lsp.get_client_by_id(client_id)
  local server_name = client and client.server_capabilities and client.initialize_result
    and client.initialize_result.serverInfo and client.initialize_result.serverInfo.name or vim.NIL
  write({ ok = found and not exited, elapsed_ms = elapsed, server = server_name, exited = exited or vim.NIL, diagnostics = collect() })
  vim.lsp.stop_client(client_id)
  vim.wait(3000, function() return exited ~= nil end, 50)
end)
if not ok then write({ ok = false, error = tostring(err), diagnostics = {} }) end
vim.cmd('qa!')
