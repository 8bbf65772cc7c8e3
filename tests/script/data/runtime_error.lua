-- A scenario that fails at run time, two calls deep.
local function lookup(hosts, name)
  local address = hosts[name].address
  return address
end

local function start()
  local address = lookup({}, "web-1")
  return address
end

start()
