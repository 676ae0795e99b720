--[[
wirelab.lua: a Wireshark dissector (Lua, Wireshark 4.0 and later) for the length-prefixed
protocol of the networking course's lab 4 ("TCP generic application client and server"),
as Wirelab implements it:

    message       = length-prefix json-header content
    length-prefix = 2 bytes, unsigned, big-endian: the size of json-header in bytes
    json-header   = a UTF-8 JSON object with at least "byteorder", "content-type",
                    "content-encoding" and "content-length" (the size of content in bytes)
    content       = content-length bytes: text/json {"action": ..., "value": ...} or
                    {"result": ...}; or binary, ">6si" (a 6-byte command and a big-endian
                    int32) for double, negate and their result, anything else echoed

Install: copy (or link) this file into ~/.local/lib/wireshark/plugins/ (Wireshark's
"Personal Lua Plugins" folder, see Help > About > Folders), or run it once with
    wireshark -X lua_script:wirelab.lua capture.pcapng
    tshark -X lua_script:wirelab.lua -r capture.pcapng -V

It dissects TCP port 65432 (the lab's) and finds the protocol on any other port by
heuristics: a 2-byte length and then a JSON object holding "content-length", whole in the
first segment. Display filters: wirelab, wirelab.is_request, wirelab.action == "search", ...
(docs/WIRESHARK.md has the table). The mistakes Wirelab's decoder knows come as expert
information named after its DecodeError kinds (wirelab.HeaderTooLarge, ...).

Reassembly: the content-length is inside the JSON header, so Wireshark's fixed-size
dissect_tcp_pdus() cannot frame it. Instead, as Wireshark's README.dissector describes:
until the whole header is in, ask TCP for one more segment; then ask for exactly the rest of
the content (pinfo.desegment_offset and pinfo.desegment_len). Several messages in one
segment are each dissected. A stream that ends (FIN or RST) in the middle of a message is
reported on that FIN or RST by a small postdissector, since TCP calls no dissector for a
segment without payload.
]]

local wirelab = Proto("wirelab", "Wirelab (lab 4 length-prefixed JSON protocol)")

local LAB_PORT = 65432

-- The limits of wirelab-server's defaults (--max-header, --max-content), so that a prefix
-- or content-length the server would refuse is reported here too, and a wrong one does not
-- make Wireshark wait for a gigabyte.
wirelab.prefs.max_header = Pref.uint("Largest header (bytes)", 8192,
    "A length prefix above this is reported as HeaderTooLarge (wirelab-server's --max-header)")
wirelab.prefs.max_content = Pref.uint("Largest content (bytes)", 1048576,
    "A content-length above this is reported as ContentTooLarge and not reassembled "
    .. "(wirelab-server's --max-content)")

local fields = {
    header_length = ProtoField.uint16("wirelab.header_length", "Header length", base.DEC, nil, nil,
        "The 2-byte big-endian length prefix: the size of the JSON header"),
    header = ProtoField.string("wirelab.header", "JSON header", base.UNICODE),
    byteorder = ProtoField.string("wirelab.byteorder", "Byte order", base.UNICODE,
        "The sender's sys.byteorder (never read: the prefix and >6si are big-endian)"),
    content_type = ProtoField.string("wirelab.content_type", "Content type", base.UNICODE),
    content_encoding = ProtoField.string("wirelab.content_encoding", "Content encoding", base.UNICODE),
    content_length = ProtoField.uint64("wirelab.content_length", "Content length", base.DEC),
    content = ProtoField.bytes("wirelab.content", "Content"),
    action = ProtoField.string("wirelab.action", "Action", base.UNICODE),
    value = ProtoField.string("wirelab.value", "Value", base.UNICODE,
        "The request's value: a string as it reads, anything else as its JSON text"),
    result = ProtoField.string("wirelab.result", "Result", base.UNICODE,
        "The response's result: a string as it reads, anything else as its JSON text"),
    command = ProtoField.string("wirelab.command", "Command", base.UNICODE,
        "The first 6 bytes of a binary request (what the lab's server compares), or result"),
    int32 = ProtoField.int32("wirelab.int32", "Integer", base.DEC, nil, nil,
        "The big-endian int32 after the command (>6si)"),
    is_request = ProtoField.bool("wirelab.is_request", "Is request", base.NONE, nil, nil,
        "True for the messages of the side that spoke first on the connection (the client)"),
}
wirelab.fields = {
    fields.header_length, fields.header, fields.byteorder, fields.content_type,
    fields.content_encoding, fields.content_length, fields.content, fields.action,
    fields.value, fields.result, fields.command, fields.int32, fields.is_request,
}

-- One expert field per mistake, named like protocol/wire/decodeerror.h's DecodeError::Kind
-- (and the lab layer's CommandTooShort), so that a student can filter for the kind that
-- Wirelab's server or client named.
local function expert_error(kind, summary)
    return ProtoExpert.new("wirelab." .. kind, summary, expert.group.MALFORMED, expert.severity.ERROR)
end
local experts = {
    HeaderLengthZero = expert_error("HeaderLengthZero", "The length prefix is 0"),
    HeaderTooLarge = expert_error("HeaderTooLarge", "The length prefix is over the header limit"),
    HeaderNotUtf8 = expert_error("HeaderNotUtf8", "The JSON header is not UTF-8"),
    HeaderNotJson = expert_error("HeaderNotJson", "The header is not JSON"),
    HeaderNotObject = expert_error("HeaderNotObject", "The header is not a JSON object"),
    MissingField = expert_error("MissingField", "A required header key is missing"),
    InvalidField = expert_error("InvalidField", "A header value has the wrong type"),
    InvalidContentLength = expert_error("InvalidContentLength",
        "content-length is not a whole number, 0 or more"),
    ContentTooLarge = expert_error("ContentTooLarge", "content-length is over the content limit"),
    UnsupportedEncoding = expert_error("UnsupportedEncoding",
        "The content-encoding is not one the content type can use"),
    ContentNotText = expert_error("ContentNotText", "The text content is not valid in its encoding"),
    ContentNotJson = expert_error("ContentNotJson", "The text/json content is not JSON"),
    ContentNotObject = expert_error("ContentNotObject", "The text/json content is not a JSON object"),
    TruncatedAtEof = expert_error("TruncatedAtEof", "The stream ended in the middle of a message"),
    CommandTooShort = ProtoExpert.new("wirelab.CommandTooShort",
        "double/negate content is shorter than >6si's 10 bytes", expert.group.PROTOCOL,
        expert.severity.ERROR),
}
wirelab.experts = {}
for _, kind in ipairs({ "HeaderLengthZero", "HeaderTooLarge", "HeaderNotUtf8", "HeaderNotJson",
                        "HeaderNotObject", "MissingField", "InvalidField", "InvalidContentLength",
                        "ContentTooLarge", "UnsupportedEncoding", "ContentNotText", "ContentNotJson",
                        "ContentNotObject", "TruncatedAtEof", "CommandTooShort" }) do
    wirelab.experts[#wirelab.experts + 1] = experts[kind]
end

local tcp_stream_field = Field.new("tcp.stream")
local tcp_fin_field = Field.new("tcp.flags.fin")
local tcp_reset_field = Field.new("tcp.flags.reset")
local tcp_seq_field = Field.new("tcp.seq")
local tcp_nxtseq_field = Field.new("tcp.nxtseq")
local tcp_ack_field = Field.new("tcp.ack")
local json_dissector = Dissector.get("json")

------------------------------------------------------------------------------------------
-- UTF-8 and JSON, in the decoder's terms (RFC 3629, RFC 8259)

-- The 1-based position of the first byte that is not valid UTF-8, or nil.
local function first_bad_utf8(s)
    if not s:find("[\128-\255]") then
        return nil
    end
    local i, n = 1, #s
    while i <= n do
        local c = s:byte(i)
        local length, low, high = 1, 0x80, 0xBF
        if c < 0x80 then
            length = 1
        elseif c >= 0xC2 and c <= 0xDF then
            length = 2
        elseif c >= 0xE0 and c <= 0xEF then
            length = 3
            if c == 0xE0 then low = 0xA0 elseif c == 0xED then high = 0x9F end
        elseif c >= 0xF0 and c <= 0xF4 then
            length = 4
            if c == 0xF0 then low = 0x90 elseif c == 0xF4 then high = 0x8F end
        else
            return i
        end
        for k = 1, length - 1 do
            local b = s:byte(i + k)
            local lo, hi = 0x80, 0xBF
            if k == 1 then lo, hi = low, high end
            if not b or b < lo or b > hi then
                return i
            end
        end
        i = i + length
    end
    return nil
end

local function utf8_char(cp)
    if cp < 0x80 then
        return string.char(cp)
    elseif cp < 0x800 then
        return string.char(0xC0 + math.floor(cp / 0x40), 0x80 + cp % 0x40)
    elseif cp < 0x10000 then
        return string.char(0xE0 + math.floor(cp / 0x1000), 0x80 + math.floor(cp / 0x40) % 0x40,
            0x80 + cp % 0x40)
    end
    return string.char(0xF0 + math.floor(cp / 0x40000), 0x80 + math.floor(cp / 0x1000) % 0x40,
        0x80 + math.floor(cp / 0x40) % 0x40, 0x80 + cp % 0x40)
end

-- A strict JSON reader that keeps where each value stands. A value is a table
-- {type = "object" | "array" | "string" | "number" | "boolean" | "null", value = ...,
-- first = position, last = position}; an object's value is its members in the order
-- written, {key = ..., key_first, key_last, value = <value>}, and by_key the last member of
-- each key (as QJsonObject and Python's dict keep). Errors: nil, position, reason.
local json = {}
local MAX_DEPTH = 512
local simple_escapes = { ['"'] = '"', ["\\"] = "\\", ["/"] = "/", b = "\b", f = "\f",
                         n = "\n", r = "\r", t = "\t" }

local function skip_space(s, i)
    return s:find("[^ \t\r\n]", i) or #s + 1
end

function json.string(s, i)
    local parts = {}
    local j = i + 1
    while true do
        local k = s:find('["\\\0-\31]', j)
        if not k then
            return nil, #s + 1, "unterminated string"
        end
        local c = s:byte(k)
        parts[#parts + 1] = s:sub(j, k - 1)
        if c == 34 then
            return { type = "string", value = table.concat(parts), first = i, last = k }, k + 1
        elseif c == 92 then
            local e = s:sub(k + 1, k + 1)
            if simple_escapes[e] then
                parts[#parts + 1] = simple_escapes[e]
                j = k + 2
            elseif e == "u" then
                local hex = s:match("^%x%x%x%x", k + 2)
                if not hex then
                    return nil, k, "invalid \\u escape"
                end
                local cp = tonumber(hex, 16)
                j = k + 6
                if cp >= 0xD800 and cp <= 0xDBFF then
                    local low = s:match("^\\u(%x%x%x%x)", j)
                    local low_cp = low and tonumber(low, 16)
                    if low_cp and low_cp >= 0xDC00 and low_cp <= 0xDFFF then
                        cp = 0x10000 + (cp - 0xD800) * 0x400 + (low_cp - 0xDC00)
                        j = j + 6
                    end
                end
                if cp >= 0xD800 and cp <= 0xDFFF then
                    cp = 0xFFFD -- a lone surrogate has no UTF-8
                end
                parts[#parts + 1] = utf8_char(cp)
            else
                return nil, k, "invalid escape"
            end
        else
            return nil, k, "control character in a string"
        end
    end
end

function json.number(s, i)
    local j = i
    if s:sub(j, j) == "-" then j = j + 1 end
    local digits = s:match("^%d+", j)
    if not digits then
        return nil, j, "invalid number"
    end
    if #digits > 1 and digits:sub(1, 1) == "0" then
        return nil, j + 1, "number with a leading zero"
    end
    j = j + #digits
    if s:sub(j, j) == "." then
        local fraction = s:match("^%d+", j + 1)
        if not fraction then
            return nil, j + 1, "invalid number"
        end
        j = j + 1 + #fraction
    end
    if s:find("^[eE]", j) then
        local exponent = s:match("^[eE][-+]?%d+", j)
        if not exponent then
            return nil, j + 1, "invalid number"
        end
        j = j + #exponent
    end
    local text = s:sub(i, j - 1)
    return { type = "number", value = tonumber(text), text = text, first = i, last = j - 1 }, j
end

-- An object or an array: items, each added by read_item, between the opening character at
-- i and closer, separated by commas.
local function container(s, i, depth, kind, closer, read_item)
    local result = { type = kind, value = {}, by_key = {}, first = i }
    local j = skip_space(s, i + 1)
    if s:sub(j, j) == closer then
        result.last = j
        return result, j + 1
    end
    while true do
        local after, error_position, reason = read_item(s, j, depth, result)
        if not after then
            return nil, error_position, reason
        end
        j = skip_space(s, after)
        local c = s:sub(j, j)
        if c == closer then
            result.last = j
            return result, j + 1
        elseif c ~= "," then
            return nil, j, "expected ',' or '" .. closer .. "'"
        end
        j = skip_space(s, j + 1)
    end
end

local function read_member(s, j, depth, object)
    if s:sub(j, j) ~= '"' then
        return nil, j, "expected a key"
    end
    local key, after, reason = json.string(s, j)
    if not key then
        return nil, after, reason
    end
    after = skip_space(s, after)
    if s:sub(after, after) ~= ":" then
        return nil, after, "expected ':'"
    end
    local value, next_position, value_reason = json.value(s, after + 1, depth)
    if not value then
        return nil, next_position, value_reason
    end
    local member = { key = key.value, key_first = key.first, key_last = key.last, value = value }
    object.value[#object.value + 1] = member
    object.by_key[key.value] = member
    return next_position
end

local function read_element(s, j, depth, array)
    local value, next_position, reason = json.value(s, j, depth)
    if not value then
        return nil, next_position, reason
    end
    array.value[#array.value + 1] = value
    return next_position
end

function json.value(s, i, depth)
    i = skip_space(s, i)
    local c = s:sub(i, i)
    if c == "{" or c == "[" then
        if depth >= MAX_DEPTH then
            return nil, i, "nested too deeply"
        end
        if c == "{" then
            return container(s, i, depth + 1, "object", "}", read_member)
        end
        return container(s, i, depth + 1, "array", "]", read_element)
    elseif c == '"' then
        return json.string(s, i)
    elseif c == "-" or c:match("%d") then
        return json.number(s, i)
    end
    for word, literal in pairs({ ["true"] = true, ["false"] = false, null = json }) do
        if s:sub(i, i + #word - 1) == word then
            local kind = literal == json and "null" or "boolean"
            return { type = kind, value = literal ~= json and literal or nil, first = i,
                     last = i + #word - 1 }, i + #word
        end
    end
    if i > #s then
        return nil, i, "unexpected end"
    end
    return nil, i, "unexpected character"
end

-- A whole text as one JSON value (and nothing after it but space).
function json.document(s)
    local value, after, reason = json.value(s, 1, 0)
    if not value then
        return nil, after, reason
    end
    after = skip_space(s, after)
    if after <= #s then
        return nil, after, "text after the JSON value"
    end
    return value
end

-- What Python's json shows of a value: a string as it reads, anything else as written.
local function display_text(s, value)
    if value.type == "string" then
        return value.value
    end
    return s:sub(value.first, value.last)
end

------------------------------------------------------------------------------------------
-- Encodings, spelt as Python spells them (case, '-', '_' and ' ' alike), as far as Lua can
-- decode them; others are left undecoded rather than judged.

local utf8_names = { utf_8 = true, utf8 = true, u8 = true, utf = true, cp65001 = true,
                     utf_8_sig = true }
local latin1_names = { latin_1 = true, latin1 = true, l1 = true, iso8859_1 = true,
                       iso_8859_1 = true, ["8859"] = true, cp819 = true }
local ascii_names = { ascii = true, us_ascii = true, ["646"] = true }

-- "utf-8", "latin-1", "ascii", "none" (no text encoding: binary, locale) or "other".
local function text_encoding(name)
    local key = name:lower():gsub("[- ]", "_")
    if utf8_names[key] then return "utf-8" end
    if latin1_names[key] then return "latin-1" end
    if ascii_names[key] then return "ascii" end
    if key == "binary" or key == "locale" or key == "system" or key == "" then return "none" end
    return "other"
end

local function latin1_to_utf8(s)
    return (s:gsub("[\128-\255]", function(c) return utf8_char(c:byte()) end))
end

------------------------------------------------------------------------------------------
-- State per TCP stream, built on the first pass and only read after it: which side spoke
-- first (the client), where a direction's framing broke, and a message still incomplete.

local streams = {}
local truncations = {} -- frame number -> what a FIN or RST cut short there

function wirelab.init()
    streams = {}
    truncations = {}
end

local function last_value(field)
    local values = { field() }
    local info = values[#values]
    return info and info()
end

local function endpoint_key(address, port)
    return tostring(address) .. " " .. tostring(port)
end

local function stream_state(pinfo)
    local id = last_value(tcp_stream_field) or -1
    local state = streams[id]
    if not state then
        state = { first_sender = nil, failed_at = {}, pending = {} }
        streams[id] = state
    end
    return state, endpoint_key(pinfo.src, pinfo.src_port)
end

------------------------------------------------------------------------------------------
-- One message

local PREFIX_LENGTH = 2

-- The two mistakes behind nearly every wrong prefix in the lab, as the decoder names them:
-- packed little-endian, or no prefix at all. bytes starts with the prefix.
local function prefix_hint(bytes)
    if #bytes >= 2 and bytes:sub(1, 1) == "{" and bytes:byte(2) ~= 0 then
        return " The message starts with '{': is the 2-byte length prefix missing?"
    end
    local little = bytes:byte(1) + bytes:byte(2) * 256
    local big = bytes:byte(1) * 256 + bytes:byte(2)
    if little == 0 or little == big then
        return ""
    end
    local announced_end = PREFIX_LENGTH + little
    local fits
    if #bytes >= announced_end then
        fits = bytes:sub(announced_end, announced_end) == "}"
    else
        fits = bytes:byte(2) == 0
    end
    if not fits then
        return ""
    end
    return string.format(" Read little-endian it would be %d: the prefix must be big-endian "
        .. '(struct.pack(">H", ...)).', little)
end

local function add_uint64(tree, field, range, number)
    local high = math.floor(number / 4294967296)
    return tree:add(field, range, UInt64.new(number - high * 4294967296, high))
end

-- The header's checks, in the order the decoder (and the lab's Python) makes them, without
-- touching the tree: the content-length is needed before anything is shown, to know whether
-- the message is whole. Positions are 1-based in text. Returns a table:
--   document  the JSON, when it is an object (for showing what it said)
--   error     nil, or {kind, text, first, last}; fatal: the stream cannot be framed past it
--   values    content-type, content-encoding; content_length; usable (the encoding)
local function parse_header(text)
    local parsed = { values = {} }
    local function fail(kind, message, first, last, fatal)
        parsed.error = { kind = kind, text = message, first = first, last = last or first }
        parsed.fatal = fatal ~= false
        return parsed
    end
    local bad = first_bad_utf8(text)
    if bad then
        return fail("HeaderNotUtf8",
            string.format("The JSON header is not valid UTF-8 text (byte %d of the header).", bad - 1), bad)
    end
    local header, position, reason = json.document(text)
    if not header then
        local where = math.max(1, math.min(position, #text))
        return fail("HeaderNotJson",
            string.format("The header is not valid JSON: %s at byte %d of the header.", reason, where - 1), where)
    end
    if header.type ~= "object" then
        return fail("HeaderNotObject", "The header must be a JSON object ({...}).", 1, #text)
    end
    parsed.document = header
    local members = header.by_key
    for _, key in ipairs({ "byteorder", "content-length", "content-type", "content-encoding" }) do
        if not members[key] then
            return fail("MissingField", string.format('Missing required header "%s".', key), 1, #text)
        end
    end
    for _, key in ipairs({ "content-type", "content-encoding" }) do
        local value = members[key].value
        if value.type ~= "string" then
            return fail("InvalidField", string.format('"%s" must be a string.', key), value.first, value.last)
        end
        parsed.values[key] = value.value
    end
    local length = members["content-length"].value
    if length.type ~= "number" or length.value < 0 or length.value ~= math.floor(length.value)
        or length.value > 2 ^ 53 then
        return fail("InvalidContentLength",
            string.format('"content-length" must be a whole number of bytes, 0 or more, not %s.',
                text:sub(length.first, length.last)), length.first, length.last)
    end
    parsed.values.content_length = length.value
    if length.value > wirelab.prefs.max_content then
        return fail("ContentTooLarge", string.format("The content-length is %d bytes; the limit is %d bytes.",
            length.value, wirelab.prefs.max_content), length.first, length.last)
    end
    local content_type, content_encoding = parsed.values["content-type"], parsed.values["content-encoding"]
    if content_type == "text/json" then
        parsed.values.usable = text_encoding(content_encoding) ~= "none"
    else
        parsed.values.usable = content_encoding == "binary" or text_encoding(content_encoding) ~= "none"
    end
    if not parsed.values.usable then
        local value = members["content-encoding"].value
        -- The content-length still frames the stream: the next message can be read.
        return fail("UnsupportedEncoding", string.format('The content-encoding "%s" is not one %s content can use.',
            content_encoding, content_type), value.first, value.last, false)
    end
    return parsed
end

-- What the header said, as far as it could be read, and the mistake where it stands.
local function show_header(tvb, header_tree, header_offset, text, parsed)
    local function range(first, last)
        return tvb(header_offset + first - 1, last - first + 1)
    end
    local members = parsed.document and parsed.document.by_key or {}
    local shown = {
        { "byteorder", fields.byteorder }, { "content-type", fields.content_type },
        { "content-encoding", fields.content_encoding },
    }
    for _, entry in ipairs(shown) do
        local member = members[entry[1]]
        if member and (entry[1] == "byteorder" or member.value.type == "string") then
            header_tree:add(entry[2], range(member.value.first, member.value.last), display_text(text, member.value))
        end
    end
    if parsed.values.content_length then
        local value = members["content-length"].value
        add_uint64(header_tree, fields.content_length, range(value.first, value.last), parsed.values.content_length)
    end
    if parsed.error then
        header_tree:add_tvb_expert_info(experts[parsed.error.kind], range(parsed.error.first, parsed.error.last),
            parsed.error.text)
    end
end

-- A text/json content's keys. Returns a short description for the Info column.
local function dissect_json_content(tvb, content_tree, content_offset, length, encoding)
    local range = tvb(content_offset, length)
    local raw = range:raw()
    local text = raw
    local kind = text_encoding(encoding)
    if kind == "utf-8" then
        local bad = first_bad_utf8(raw)
        if bad then
            content_tree:add_tvb_expert_info(experts.ContentNotText, tvb(content_offset + bad - 1, 1),
                "The text/json content is not valid UTF-8.")
            return nil
        end
        if raw:sub(1, 3) == "\239\187\191" and encoding:lower():gsub("[- ]", "_") == "utf_8_sig" then
            text = raw:sub(4)
        end
    elseif kind == "ascii" then
        if raw:find("[\128-\255]") then
            content_tree:add_tvb_expert_info(experts.ContentNotText, range,
                string.format("The text/json content is not valid %s text.", encoding))
            return nil
        end
    elseif kind == "latin-1" then
        text = latin1_to_utf8(raw)
    else
        content_tree:add(range, string.format("[Content in %s: not decoded by this dissector]", encoding))
        return nil
    end
    local document, position, reason = json.document(text)
    if not document then
        local where = math.max(1, math.min(position, #text))
        local spot = kind == "utf-8" and #text == #raw and length > 0 and tvb(content_offset + where - 1, 1) or range
        content_tree:add_tvb_expert_info(experts.ContentNotJson, spot,
            string.format("The text/json content is not valid JSON: %s at byte %d of the content.",
                reason, where - 1))
        return nil
    end
    if document.type ~= "object" then
        content_tree:add_tvb_expert_info(experts.ContentNotObject, range,
            "The text/json content must be a JSON object ({...}).")
        return nil
    end
    local exact = kind == "utf-8" and #text == #raw -- the positions are the bytes' own
    local at = function(value)
        if not exact then return range end
        return tvb(content_offset + value.first - 1, value.last - value.first + 1)
    end
    local summary = {}
    for _, key in ipairs({ "action", "value", "result" }) do
        local member = document.by_key[key]
        if member then
            local shown = display_text(text, member.value)
            content_tree:add(fields[key], at(member.value), shown)
            summary[#summary + 1] = shown
        end
    end
    return table.concat(summary, " ")
end

-- A binary content: the 6-byte command and the int32 of ">6si", where the lab has them.
local function dissect_binary_content(tvb, content_tree, content_offset, length, is_request)
    local name = length >= 6 and tvb(content_offset, 6):raw() or nil
    if is_request and name then
        content_tree:add(fields.command, tvb(content_offset, 6), tvb(content_offset, 6):string(ENC_UTF_8))
        if name == "double" or name == "negate" then
            if length < 10 then
                content_tree:add_tvb_expert_info(experts.CommandTooShort, tvb(content_offset, length),
                    string.format('%s needs 10 bytes of content (">6si": a 6-byte name and a 4-byte '
                        .. "integer), not %d.", name, length))
                return name
            end
            local number = tvb(content_offset + 6, 4)
            content_tree:add(fields.int32, number)
            return name .. " " .. number:int()
        end
    elseif not is_request and name == "result" and length == 10 then
        content_tree:add(fields.command, tvb(content_offset, 6), name)
        local number = tvb(content_offset + 6, 4)
        content_tree:add(fields.int32, number)
        return "result " .. number:int()
    end
    if length == 0 then
        return ""
    end
    local raw = tvb(content_offset, length):raw()
    if first_bad_utf8(raw) then
        return tostring(tvb(content_offset, math.min(length, 32)):bytes())
    end
    return raw
end

-- At most SUMMARY_LENGTH bytes of a summary for the Info column and the tree, cut before a
-- UTF-8 character rather than inside it: a 16 MiB answer is still one line.
local SUMMARY_LENGTH = 100
local function shortened(text)
    if #text <= SUMMARY_LENGTH then
        return text
    end
    local cut = SUMMARY_LENGTH
    while cut > 1 and (text:byte(cut + 1) or 0) >= 0x80 and (text:byte(cut + 1) or 0) < 0xC0 do
        cut = cut - 1
    end
    return text:sub(1, cut) .. "…"
end

-- Dissects the message at offset. Returns the bytes it took, or nil and what to ask TCP
-- for (and a description of what is missing, for a stream that ends there); fatal is true
-- when the stream cannot be framed past this message.
local function dissect_message(tvb, pinfo, tree, offset, is_request, summaries)
    local available = tvb:len() - offset
    if available < PREFIX_LENGTH then
        return nil, DESEGMENT_ONE_MORE_SEGMENT, { part = "length prefix", have = available, total = 2 }
    end
    local header_length = tvb(offset, 2):uint()
    local role = is_request and "request" or "response"
    if header_length == 0 or header_length > wirelab.prefs.max_header then
        local message_tree = tree:add(wirelab, tvb(offset, available), "Wirelab " .. role .. " (unframed)")
        message_tree:add(fields.header_length, tvb(offset, 2))
        if header_length == 0 then
            message_tree:add_tvb_expert_info(experts.HeaderLengthZero, tvb(offset, 2),
                "The 2-byte length prefix is 0, but every message needs a JSON header.")
        else
            message_tree:add_tvb_expert_info(experts.HeaderTooLarge, tvb(offset, 2),
                string.format("The 2-byte length prefix announces a %d-byte header; the limit is %d bytes.%s",
                    header_length, wirelab.prefs.max_header, prefix_hint(tvb(offset, available):raw())))
        end
        if available > 2 then
            message_tree:add(tvb(offset + 2, available - 2), "[Bytes after the error: not decoded]")
        end
        summaries[#summaries + 1] = role .. " with a bad length prefix"
        return available, nil, nil, true
    end
    if available < PREFIX_LENGTH + header_length then
        return nil, DESEGMENT_ONE_MORE_SEGMENT,
            { part = "header", have = available - PREFIX_LENGTH, total = header_length,
              hint = prefix_hint(tvb(offset, available):raw()) }
    end

    local header_offset = offset + PREFIX_LENGTH
    local header_range = tvb(header_offset, header_length)
    local header_text = header_range:raw()
    local parsed = parse_header(header_text)
    local content_length = parsed.values.content_length or 0
    local total = PREFIX_LENGTH + header_length + content_length
    if not parsed.fatal and available < total then
        return nil, total - available,
            { part = "content", have = available - PREFIX_LENGTH - header_length, total = content_length }
    end

    local message_tree = tree:add(wirelab, tvb(offset, parsed.fatal and available or total), "Wirelab " .. role)
    message_tree:add(fields.header_length, tvb(offset, 2))
    local header_tree = message_tree:add(fields.header, header_range, header_range:string(ENC_UTF_8))
    show_header(tvb, header_tree, header_offset, header_text, parsed)
    if parsed.fatal then
        if available > PREFIX_LENGTH + header_length then
            message_tree:add(tvb(header_offset + header_length, available - PREFIX_LENGTH - header_length),
                "[Bytes after the error: not decoded]")
        end
        summaries[#summaries + 1] = role .. " with a bad header"
        return available, nil, nil, true
    end
    if json_dissector and parsed.document then
        json_dissector:call(header_range:tvb(), pinfo, header_tree)
    end
    local values = parsed.values

    local content_offset = header_offset + header_length
    local content_range = tvb(content_offset, content_length)
    local content_tree = message_tree:add(fields.content, content_range)
    local summary
    if not values.usable then
        summary = nil
    elseif values["content-type"] == "text/json" then
        summary = dissect_json_content(tvb, content_tree, content_offset, content_length,
            values["content-encoding"])
    else
        summary = dissect_binary_content(tvb, content_tree, content_offset, content_length, is_request)
    end
    message_tree:add(fields.is_request, is_request):set_generated()
    summary = shortened(summary or "")
    message_tree:append_text(summary ~= "" and (", " .. summary) or "")
    summaries[#summaries + 1] = role .. (summary ~= "" and (": " .. summary) or "")
    return total
end

-- A frame that completes no message keeps TCP's columns ("TCP segment of a reassembled PDU").
local function set_columns(pinfo, summaries)
    if #summaries == 0 then
        return
    end
    local text = table.concat(summaries, "; ")
    pinfo.cols.protocol:set("Wirelab")
    pinfo.cols.info:set(text:sub(1, 1):upper() .. text:sub(2))
end

function wirelab.dissector(tvb, pinfo, tree)
    local length = tvb:len()
    if length == 0 then
        return 0
    end
    local state, sender = stream_state(pinfo)
    if not pinfo.visited and not state.first_sender then
        state.first_sender = sender
    end
    local is_request = state.first_sender == sender
    local failed_at = state.failed_at[sender]
    if failed_at and pinfo.number > failed_at then
        tree:add(wirelab, tvb(), "Wirelab: bytes after an error in this direction (not decoded)")
        set_columns(pinfo, { "bytes after an error" })
        return length
    end

    local summaries = {}
    local offset = 0
    while offset < length do
        local taken, wanted, missing, fatal = dissect_message(tvb, pinfo, tree, offset, is_request, summaries)
        if not taken then
            if pinfo.can_desegment > 0 then
                pinfo.desegment_offset = offset
                pinfo.desegment_len = wanted
                if not pinfo.visited then
                    missing.frame = pinfo.number
                    missing.is_request = is_request
                    -- TCP holds what arrives next until all that was asked for is in;
                    -- where this segment ends tells, at the FIN, how much came after it.
                    missing.next_sequence = last_value(tcp_nxtseq_field)
                    state.pending[sender] = missing
                end
            else
                tree:add(wirelab, tvb(offset), "Wirelab: part of a message (TCP reassembly is off)")
            end
            set_columns(pinfo, summaries)
            return length
        end
        offset = offset + taken
        if fatal then
            if not pinfo.visited then
                state.failed_at[sender] = pinfo.number
            end
            break
        end
    end
    if not pinfo.visited then
        state.pending[sender] = nil
    end
    set_columns(pinfo, summaries)
    return offset
end

-- Found on any port: a 2-byte length and then, whole in this segment, a JSON object that
-- holds "content-length". Once found, the rest of the connection is ours both ways.
local function heuristic(tvb, pinfo, tree)
    if tvb:len() < PREFIX_LENGTH + 2 then
        return false
    end
    local header_length = tvb(0, 2):uint()
    if header_length < 2 or tvb:len() < PREFIX_LENGTH + header_length then
        return false
    end
    local text = tvb(PREFIX_LENGTH, header_length):raw()
    if not text:find("^[ \t\r\n]*{") or first_bad_utf8(text) then
        return false
    end
    local header = json.document(text)
    if not header or header.type ~= "object" or not header.by_key["content-length"] then
        return false
    end
    pinfo.conversation = wirelab
    wirelab.dissector(tvb, pinfo, tree)
    return true
end

DissectorTable.get("tcp.port"):add(LAB_PORT, wirelab)
wirelab:register_heuristic("tcp", heuristic)

------------------------------------------------------------------------------------------
-- The end of a stream in the middle of a message: TCP calls no dissector for a FIN or RST
-- without payload, so a postdissector looks at each frame's TCP flags.

local wirelab_end = Proto("wirelab_end", "Wirelab end of stream")

local function describe(missing)
    local text = string.format("The connection ended in the middle of the message's %s: %d of its %d "
        .. "bytes arrived.", missing.part, missing.have, missing.total)
    return text .. (missing.hint or "")
end

function wirelab_end.dissector(tvb, pinfo, tree)
    if not pinfo.visited then
        local fin = last_value(tcp_fin_field)
        local reset = last_value(tcp_reset_field)
        if not fin and not reset then
            return
        end
        local id = last_value(tcp_stream_field)
        local state = id and streams[id]
        if not state then
            return
        end
        local sender = endpoint_key(pinfo.src, pinfo.src_port)
        local cut = {}
        for direction, missing in pairs(state.pending) do
            -- A FIN ends its sender's messages; a reset ends both directions'.
            if reset or direction == sender then
                -- The bytes held since the request: up to this segment's sequence number,
                -- or, for the other direction, up to what it acknowledges.
                local position = direction == sender and last_value(tcp_seq_field) or last_value(tcp_ack_field)
                if position and missing.next_sequence then
                    missing.have = missing.have + (position - missing.next_sequence) % 4294967296
                end
                cut[#cut + 1] = missing
                state.pending[direction] = nil
            end
        end
        if #cut > 0 then
            truncations[pinfo.number] = cut
        end
    end
    local cut = truncations[pinfo.number]
    if not cut then
        return
    end
    for _, missing in ipairs(cut) do
        local item = tree:add(wirelab, "Wirelab " .. (missing.is_request and "request" or "response")
            .. " cut short (its first bytes are in frame " .. missing.frame .. ")")
        item:add_proto_expert_info(experts.TruncatedAtEof, describe(missing))
        item:add(fields.is_request, missing.is_request):set_generated()
    end
    pinfo.cols.info:append(" [Wirelab message cut short]")
end

register_postdissector(wirelab_end)
