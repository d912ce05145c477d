-- pirlint's language server in a real client: Neovim's built-in LSP client
-- (0.7 API: vim.lsp.start_client + vim.lsp.buf_attach_client), headless.
-- Run by neovim.sh, which passes the paths in the environment.

local bin = assert(os.getenv("PIRLINT_BIN"), "PIRLINT_BIN")
local root = assert(os.getenv("REPORTS_ROOT"), "REPORTS_ROOT")
local faulty = assert(os.getenv("FAULTY_REPORT"), "FAULTY_REPORT")
local clean = assert(os.getenv("CLEAN_REPORT"), "CLEAN_REPORT")

local function say(message)
  io.stdout:write(message .. "\n")
end

local function fail(message)
  io.stderr:write("neovim.lua: FAIL: " .. message .. "\n")
  os.exit(1)
end

-- Which documents the server has published diagnostics for, so that "no
-- diagnostics" means the server answered with none, not that it was slow.
local published = {}
local default_handler = vim.lsp.handlers["textDocument/publishDiagnostics"]
vim.lsp.handlers["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
  if result and result.uri then
    published[result.uri] = (published[result.uri] or 0) + 1
  end
  return default_handler(err, result, ctx, config)
end

local client_id = vim.lsp.start_client({
  name = "pirlint",
  cmd = { bin, "server" },
  root_dir = root,
  workspace_folders = { { uri = vim.uri_from_fname(root), name = "reports" } },
  on_exit = function(code)
    if code ~= 0 then
      io.stderr:write("neovim.lua: pirlint server exited with " .. tostring(code) .. "\n")
    end
  end,
})
if not client_id then
  fail("could not start `" .. bin .. " server`")
end

local function open(path)
  vim.cmd("edit " .. vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  if not vim.lsp.buf_attach_client(buf, client_id) then
    fail("could not attach the client to " .. path)
  end
  return buf
end

local function code_of(d)
  if d.code then
    return d.code
  end
  local lsp = d.user_data and d.user_data.lsp
  return lsp and lsp.code
end

-- The faulty report: pirlint's findings show up as diagnostics.
local buf = open(faulty)
local uri = vim.uri_from_bufnr(buf)
if not vim.wait(60000, function() return #vim.diagnostic.get(buf) > 0 end, 50) then
  fail("no diagnostics for the faulty report " .. faulty .. " within 60 s")
end
local diagnostics = vim.diagnostic.get(buf)
local codes = {}
for _, d in ipairs(diagnostics) do
  if d.source ~= "pirlint" then
    fail("a diagnostic not from pirlint: " .. vim.inspect(d))
  end
  codes[code_of(d)] = true
end
say(string.format("faulty report: %d diagnostics from pirlint", #diagnostics))
for _, rule in ipairs({ "blameless/named-blame", "blameless/blame-language", "recommendations/vague" }) do
  if not codes[rule] then
    fail("no " .. rule .. " diagnostic for the faulty report; got " .. vim.inspect(vim.tbl_keys(codes)))
  end
end
-- Positions: the first `human error` finding is on line 50, column 20
-- (as `pirlint check` prints it, 1-based).
local found = false
for _, d in ipairs(diagnostics) do
  if code_of(d) == "blameless/blame-language" and d.lnum == 49 and d.col == 19 then
    found = true
  end
end
if not found then
  fail("blameless/blame-language not at 50:20: " .. vim.inspect(diagnostics))
end

-- Editing the buffer (not saved): the diagnostics follow the unsaved text.
local line = vim.api.nvim_buf_get_lines(buf, 49, 50, true)[1]
vim.api.nvim_buf_set_lines(buf, 49, 50, true, { (line:gsub("human error", "a config push")) })
local edited = vim.wait(10000, function()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if code_of(d) == "blameless/blame-language" and d.lnum == 49 and d.col == 19 then
      return false
    end
  end
  return true
end, 50)
if not edited then
  fail("the diagnostics did not follow an unsaved edit")
end
say("faulty report, edited: the finding on the edited text is gone")

-- The clean report: the server answers, with no diagnostics.
local clean_buf = open(clean)
local clean_uri = vim.uri_from_bufnr(clean_buf)
if not vim.wait(60000, function() return (published[clean_uri] or 0) > 0 end, 50) then
  fail("the server published nothing for the clean report " .. clean)
end
local clean_diagnostics = vim.diagnostic.get(clean_buf)
if #clean_diagnostics ~= 0 then
  fail("diagnostics for the clean report: " .. vim.inspect(clean_diagnostics))
end
say("clean report: 0 diagnostics")

-- Shut the server down as Neovim does on exit.
vim.lsp.stop_client(client_id)
vim.wait(10000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
say(string.format("neovim: ok (%s)", uri))
os.exit(0)
