-- Drives headless Neovim (0.7+) with the README's snippet (loaded first by the test): opens a .pns
-- file, waits for diagnostics, asks for a hover, applies a code action, and writes what happened
-- as JSON to $PNS_NVIM_OUT. Every wait has a deadline.
local out = {}
local function finish()
  local file = io.open(os.getenv("PNS_NVIM_OUT"), "w")
  file:write(vim.fn.json_encode(out))
  file:close()
  vim.cmd("qall!")
end

local ok, err = pcall(function()
  vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("PNS_NVIM_FILE")))
  local buf = vim.api.nvim_get_current_buf()
  out.filetype = vim.bo[buf].filetype
  out.attached = vim.wait(20000, function()
    return #vim.lsp.buf_get_clients(buf) > 0
  end, 50)
  out.diagnostics_arrived = vim.wait(30000, function()
    return #vim.diagnostic.get(buf) > 0
  end, 50)
  local diagnostics = vim.diagnostic.get(buf)
  out.codes = {}
  for _, d in ipairs(diagnostics) do
    table.insert(out.codes, d.code or "")
  end

  -- Hover on the first diagnostic's line.
  local first = diagnostics[1]
  local position = { line = first.lnum, character = first.col }
  local hover = vim.lsp.buf_request_sync(buf, "textDocument/hover", {
    textDocument = vim.lsp.util.make_text_document_params(buf),
    position = position,
  }, 20000)
  out.hover = ""
  for _, reply in pairs(hover or {}) do
    if reply.result and reply.result.contents then
      local contents = reply.result.contents
      out.hover = type(contents) == "table" and (contents.value or vim.fn.json_encode(contents)) or contents
    end
  end

  -- A code action for the diagnostic named by $PNS_NVIM_CODE, applied.
  local wanted = os.getenv("PNS_NVIM_CODE")
  local target
  for _, d in ipairs(diagnostics) do
    if d.code == wanted then target = d end
  end
  out.before = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n")
  if target then
    local lsp_diagnostic = {
      range = {
        start = { line = target.lnum, character = target.col },
        ["end"] = { line = target.end_lnum, character = target.end_col },
      },
      message = target.message,
      code = target.code,
      severity = target.severity,
      source = target.source,
    }
    local actions = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", {
      textDocument = vim.lsp.util.make_text_document_params(buf),
      range = lsp_diagnostic.range,
      context = { diagnostics = { lsp_diagnostic } },
    }, 20000)
    out.action_titles = {}
    for _, reply in pairs(actions or {}) do
      for _, action in ipairs(reply.result or {}) do
        table.insert(out.action_titles, action.title)
        if not out.applied and action.edit and action.title:find(os.getenv("PNS_NVIM_ACTION"), 1, true) then
          vim.lsp.util.apply_workspace_edit(action.edit, "utf-16")
          out.applied = action.title
        end
      end
    end
  end
  out.after = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n")
end)
if not ok then out.error = tostring(err) end
finish()
