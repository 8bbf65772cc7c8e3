-- A scenario with a typo on line 4.
local title = "broken"

if title == "broken" them
  print("never")
end
