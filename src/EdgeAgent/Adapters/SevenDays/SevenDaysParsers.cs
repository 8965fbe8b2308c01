using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using GameOps.EdgeAgent.Adapters.Results;

namespace GameOps.EdgeAgent.Adapters.SevenDays;

/// <summary>
/// Reads the answers of the 7 Days to Die console commands the adapter types: <c>lp</c>, <c>gt</c>, <c>version</c>,
/// <c>mem</c>. Pure functions of the answer's text (the output lines, log lines already taken out), each returning
/// the typed result or a <see cref="SevenDaysParseError"/>; no input makes them throw, loop or allocate beyond a
/// small multiple of its size.
/// </summary>
public static class SevenDaysParsers
{
    /// <summary>
    /// The longest answer read, in characters: the most a job's output may hold (64 KiB, as the agent and the control
    /// plane keep no more), some 200 players' <c>lp</c> lines where a 7 Days to Die server holds a few dozen. Bounded so
    /// that any answer is read within milliseconds.
    /// </summary>
    public const int MaxAnswerLength = 64 * 1024;

    private const string TotalPrefix = "Total of ";
    private const string TotalSuffix = " in the game";
    private const string NameEnd = ", pos=(";
    private const string GameVersionPrefix = "Game version: ";
    private const string CompatibilitySeparator = " Compatibility Version: ";
    private const string ModPrefix = "Mod ";

    /// <summary>
    /// Reads <c>lp</c> (<c>listplayers</c>): one line per player, then <c>Total of N in the game</c>. A player line is
    /// <c>0. id=171, Name, pos=(…), rot=(…), remote=True, health=…, deaths=…, zombies=…, players=…, score=…, level=…,
    /// pltfmid=Steam_…, crossid=EOS_…, ip=…, ping=…</c> (builds before 1.0: <c>steamid=</c> and no <c>crossid</c>).
    /// </summary>
    /// <remarks>
    /// A name may hold <c>, </c>, quotes, <c>=</c> and any Unicode, so it is read from both ends: after the fixed
    /// <c>N. id=&lt;id&gt;, </c> prefix and before the last <c>, pos=(</c>, which no field after the name can contain.
    /// A legacy <c>steamid=7656…</c> is reported as the platform id <c>Steam_7656…</c>, the form later builds print,
    /// so a player keeps one id across game updates. <see cref="Player.Kills"/> counts zombies and players killed.
    /// Fields after the name that are missing or not numbers stay null.
    /// </remarks>
    public static bool TryParsePlayers(
        string text, [NotNullWhen(true)] out PlayerList? players, [NotNullWhen(false)] out SevenDaysParseError? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        players = null;
        if (TooLarge(text, out error))
        {
            return false;
        }

        var found = new List<Player>();
        int? total = null;
        var lineNumber = 0;
        foreach (var range in text.AsSpan().Split('\n'))
        {
            lineNumber++;
            var line = text.AsSpan(range).Trim();
            if (line.IsEmpty)
            {
                continue;
            }

            if (total is not null)
            {
                error = new(SevenDaysParseErrorKind.Malformed, "output after the 'Total of N in the game' line", lineNumber);
                return false;
            }

            if (IsPlayerTotal(line, out var count))
            {
                total = count;
                continue;
            }

            if (!TryParsePlayerLine(line, out var player, out var problem))
            {
                error = new(SevenDaysParseErrorKind.Malformed, problem, lineNumber);
                return false;
            }

            found.Add(player);
        }

        if (total is null)
        {
            error = new(SevenDaysParseErrorKind.Missing, "the answer has no 'Total of N in the game' line");
            return false;
        }

        if (total != found.Count)
        {
            error = new(SevenDaysParseErrorKind.Inconsistent, $"the answer lists {found.Count} players but says 'Total of {total} in the game'");
            return false;
        }

        players = new PlayerList(found);
        error = null;
        return true;
    }

    /// <summary>Whether <paramref name="line"/> is the last line of <c>lp</c>, <c>Total of N in the game</c>.</summary>
    public static bool IsPlayerTotal(ReadOnlySpan<char> line, out int count)
    {
        count = 0;
        line = line.Trim();
        return line.StartsWith(TotalPrefix, StringComparison.Ordinal)
            && line.EndsWith(TotalSuffix, StringComparison.Ordinal)
            && line.Length > TotalPrefix.Length + TotalSuffix.Length
            && int.TryParse(line[TotalPrefix.Length..^TotalSuffix.Length], NumberStyles.None, CultureInfo.InvariantCulture, out count);
    }

    /// <summary>Reads <c>gt</c> (<c>gettime</c>): <c>Day 128, 11:24</c>.</summary>
    public static bool TryParseGameTime(
        string text, [NotNullWhen(true)] out GameTime? time, [NotNullWhen(false)] out SevenDaysParseError? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        time = null;
        if (TooLarge(text, out error))
        {
            return false;
        }

        foreach (var range in text.AsSpan().Split('\n'))
        {
            if (TryReadGameTime(text.AsSpan(range), out time))
            {
                return true;
            }
        }

        error = new(SevenDaysParseErrorKind.Missing, "the answer has no 'Day N, HH:MM' line");
        return false;
    }

    /// <summary>Whether <paramref name="line"/> is a <c>gt</c> line, <c>Day 128, 11:24</c>, and the time it holds.</summary>
    public static bool TryReadGameTime(ReadOnlySpan<char> line, [NotNullWhen(true)] out GameTime? time)
    {
        time = null;
        line = line.Trim();
        if (!line.StartsWith("Day ", StringComparison.Ordinal))
        {
            return false;
        }

        line = line[4..];
        var comma = line.IndexOf(", ", StringComparison.Ordinal);
        if (comma <= 0 || !int.TryParse(line[..comma], NumberStyles.None, CultureInfo.InvariantCulture, out var day))
        {
            return false;
        }

        var clock = line[(comma + 2)..];
        var colon = clock.IndexOf(':');
        if (colon is < 1 or > 2 || clock.Length - colon - 1 != 2
            || !int.TryParse(clock[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var hour)
            || !int.TryParse(clock[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var minute)
            || hour > 23 || minute > 59)
        {
            return false;
        }

        time = new GameTime(day, hour, minute);
        return true;
    }

    /// <summary>
    /// Reads <c>version</c>: <c>Game version: V 1.0 (b333) Compatibility Version: V 1.0</c>, then one
    /// <c>Mod &lt;name&gt;: &lt;version&gt;</c> line per loaded mod.
    /// </summary>
    public static bool TryParseVersion(
        string text, [NotNullWhen(true)] out ServerVersionInfo? version, [NotNullWhen(false)] out SevenDaysParseError? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        version = null;
        if (TooLarge(text, out error))
        {
            return false;
        }

        string? gameVersion = null;
        string? compatibility = null;
        var mods = new List<ServerMod>();
        foreach (var range in text.AsSpan().Split('\n'))
        {
            var line = text.AsSpan(range).Trim();
            if (gameVersion is null && line.StartsWith(GameVersionPrefix, StringComparison.Ordinal))
            {
                var value = line[GameVersionPrefix.Length..];
                var separator = value.IndexOf(CompatibilitySeparator, StringComparison.Ordinal);
                if (separator >= 0)
                {
                    compatibility = NullIfEmpty(value[(separator + CompatibilitySeparator.Length)..].Trim());
                    value = value[..separator];
                }

                gameVersion = NullIfEmpty(value.Trim());
            }
            else if (line.StartsWith(ModPrefix, StringComparison.Ordinal))
            {
                var mod = line[ModPrefix.Length..];
                var colon = mod.LastIndexOf(": ", StringComparison.Ordinal);
                if (colon > 0)
                {
                    mods.Add(new ServerMod(mod[..colon].Trim().ToString(), mod[(colon + 2)..].Trim().ToString()));
                }
            }
        }

        if (gameVersion is null)
        {
            error = new(SevenDaysParseErrorKind.Missing, "the answer has no 'Game version: …' line");
            return false;
        }

        version = new ServerVersionInfo(gameVersion) { CompatibilityVersion = compatibility, Mods = mods };
        return true;
    }

    /// <summary>
    /// Reads <c>mem</c>: <c>Time: 1234.56m FPS: 35.12 Heap: 1234.5MB Max: 2345.6MB Chunks: 345 CGO: 12 Ply: 2 Zom: 10
    /// Ent: 20 (50) Items: 3 CO: 1 RSS: 3456.7MB</c>, the same line the server logs every 30 seconds. Keys it does not
    /// know are skipped, so a build that adds or drops one is still read.
    /// </summary>
    public static bool TryParseStats(
        string text, [NotNullWhen(true)] out ServerStats? stats, [NotNullWhen(false)] out SevenDaysParseError? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        stats = null;
        if (TooLarge(text, out error))
        {
            return false;
        }

        foreach (var range in text.AsSpan().Split('\n'))
        {
            if (TryReadStatsLine(text.AsSpan(range), out stats))
            {
                return true;
            }
        }

        error = new(SevenDaysParseErrorKind.Missing, "the answer has no statistics line (Time: … FPS: … Heap: …)");
        return false;
    }

    /// <summary>Whether <paramref name="line"/> holds the statistics <c>mem</c> prints (a log line's message included).</summary>
    public static bool IsStatsLine(ReadOnlySpan<char> line) => TryReadStatsLine(line, out _);

    private static bool TryReadStatsLine(ReadOnlySpan<char> line, [NotNullWhen(true)] out ServerStats? stats)
    {
        stats = null;
        if (!line.Contains(':'))
        {
            return false;
        }

        double? uptime = null, fps = null, heap = null, maxHeap = null, resident = null;
        int? chunks = null, players = null, zombies = null, entities = null, items = null;
        var known = 0;
        ReadOnlySpan<char> key = default;
        foreach (var range in line.Split(' '))
        {
            var token = line[range];
            if (token.IsEmpty)
            {
                continue;
            }

            if (key.IsEmpty)
            {
                if (token.Length > 1 && token[^1] == ':')
                {
                    key = token[..^1];
                }

                continue;
            }

            var before = known;
            switch (key)
            {
                case "Time" when token.EndsWith('m') && TryDouble(token[..^1], out var minutes):
                    uptime = minutes * 60;
                    known++;
                    break;
                case "FPS" when TryDouble(token, out var value):
                    fps = value;
                    known++;
                    break;
                case "Heap" when TryMegabytes(token, out var value):
                    heap = value;
                    known++;
                    break;
                case "Max" when TryMegabytes(token, out var value):
                    maxHeap = value;
                    known++;
                    break;
                case "RSS" when TryMegabytes(token, out var value):
                    resident = value;
                    known++;
                    break;
                case "Chunks" when TryCount(token, out var value):
                    chunks = value;
                    known++;
                    break;
                case "Ply" when TryCount(token, out var value):
                    players = value;
                    known++;
                    break;
                case "Zom" when TryCount(token, out var value):
                    zombies = value;
                    known++;
                    break;
                case "Ent" when TryCount(token, out var value):
                    entities = value;
                    known++;
                    break;
                case "Items" when TryCount(token, out var value):
                    items = value;
                    known++;
                    break;
            }

            // A value that was itself "Key:" (a key without a value) starts the next pair.
            key = before == known && token.Length > 1 && token[^1] == ':' ? token[..^1] : default;
        }

        // One recognised pair could be chance ("Time: 5m" in a chat line); the statistics line has a dozen.
        if (known < 2)
        {
            return false;
        }

        stats = new ServerStats
        {
            UptimeSeconds = uptime,
            Fps = fps,
            HeapMegabytes = heap,
            MaxHeapMegabytes = maxHeap,
            ResidentMegabytes = resident,
            Players = players,
            Zombies = zombies,
            Entities = entities,
            Chunks = chunks,
            Items = items,
        };
        return true;
    }

    private static bool TryMegabytes(ReadOnlySpan<char> token, out double megabytes)
    {
        megabytes = 0;
        return token.EndsWith("MB", StringComparison.Ordinal) && TryDouble(token[..^2], out megabytes);
    }

    private static bool TryParsePlayerLine(ReadOnlySpan<char> line, [NotNullWhen(true)] out Player? player, [NotNullWhen(false)] out string? problem)
    {
        player = null;
        var dot = line.IndexOf(". ", StringComparison.Ordinal);
        if (dot <= 0 || line[..dot].ContainsAnyExceptInRange('0', '9'))
        {
            problem = "a player line starts with its number, a dot and a space (0. id=…)";
            return false;
        }

        var rest = line[(dot + 2)..];
        if (!rest.StartsWith("id=", StringComparison.Ordinal))
        {
            problem = "a player line has id=<entity id> after its number";
            return false;
        }

        rest = rest[3..];
        var comma = rest.IndexOf(", ", StringComparison.Ordinal);
        if (comma <= 0 || !int.TryParse(rest[..comma], NumberStyles.None, CultureInfo.InvariantCulture, out var entityId))
        {
            problem = "the entity id after id= is not a number followed by ', '";
            return false;
        }

        rest = rest[(comma + 2)..];
        var nameEnd = rest.LastIndexOf(NameEnd, StringComparison.Ordinal);
        if (nameEnd < 0)
        {
            problem = "a player line has ', pos=(' after the name";
            return false;
        }

        player = ReadFields(rest[..nameEnd].ToString(), entityId.ToString(CultureInfo.InvariantCulture), rest[(nameEnd + 2)..]);
        problem = null;
        return true;
    }

    /// <summary>
    /// Reads <c>key=value, key=(x, y, z), …</c>; a value in parentheses may hold <c>, </c>. Every character is looked
    /// at a bounded number of times, so a hostile line costs linear time.
    /// </summary>
    private static Player ReadFields(string name, string id, ReadOnlySpan<char> fields)
    {
        int? health = null, deaths = null, zombieKills = null, playerKills = null, score = null, level = null, ping = null;
        ReadOnlySpan<char> ip = default, platformId = default, crossId = default, legacySteamId = default;
        var closeAhead = fields.Contains(')');
        while (!fields.IsEmpty)
        {
            var separator = fields.IndexOf(", ", StringComparison.Ordinal);
            var field = separator < 0 ? fields : fields[..separator];
            var equals = field.IndexOf('=');
            ReadOnlySpan<char> key = default;
            ReadOnlySpan<char> value = default;
            var close = -1;
            if (equals > 0 && closeAhead && fields[(equals + 1)..].StartsWith('('))
            {
                close = fields[(equals + 1)..].IndexOf(')');
                closeAhead = close >= 0;
            }

            if (close >= 0)
            {
                key = fields[..equals];
                value = fields.Slice(equals + 1, close + 1);
                var after = fields[(equals + close + 2)..];
                separator = after.IndexOf(", ", StringComparison.Ordinal);
                fields = separator < 0 ? default : after[(separator + 2)..];
            }
            else
            {
                if (equals > 0)
                {
                    key = field[..equals];
                    value = field[(equals + 1)..];
                }

                fields = separator < 0 ? default : fields[(separator + 2)..];
            }

            switch (key)
            {
                case "health":
                    health = Int(value);
                    break;
                case "deaths":
                    deaths = Int(value);
                    break;
                case "zombies":
                    zombieKills = Int(value);
                    break;
                case "players":
                    playerKills = Int(value);
                    break;
                case "score":
                    score = Int(value);
                    break;
                case "level":
                    level = Int(value);
                    break;
                case "ping":
                    ping = Int(value);
                    break;
                case "ip":
                    ip = value;
                    break;
                case "pltfmid":
                    platformId = value;
                    break;
                case "crossid":
                    crossId = value;
                    break;
                case "steamid":
                    legacySteamId = value;
                    break;
            }
        }

        long? kills = zombieKills is null && playerKills is null ? null : (long)(zombieKills ?? 0) + (playerKills ?? 0);
        return new Player(name)
        {
            Id = id,
            PlatformId = !platformId.IsEmpty ? platformId.ToString() : !legacySteamId.IsEmpty ? "Steam_" + legacySteamId.ToString() : null,
            CrossPlatformId = NullIfEmpty(crossId),
            Ip = IpAddress(ip),
            Ping = ping,
            Score = score,
            Level = level,
            Health = health,
            Deaths = deaths,
            Kills = kills is >= int.MinValue and <= int.MaxValue ? (int)kills : null,
        };
    }

    private static bool TooLarge(string text, [NotNullWhen(true)] out SevenDaysParseError? error)
    {
        error = text.Length > MaxAnswerLength
            ? new(SevenDaysParseErrorKind.TooLarge, $"the answer is {text.Length} characters; at most {MaxAnswerLength} are read")
            : null;
        return error is not null;
    }

    private static int? Int(ReadOnlySpan<char> value) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : null;

    private static bool TryCount(ReadOnlySpan<char> value, out int count) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out count);

    // NumberStyles.Float also reads "NaN" and "Infinity", which JSON cannot hold.
    private static bool TryDouble(ReadOnlySpan<char> value, out double number) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);

    /// <summary>The address, when <paramref name="value"/> is one written out in full (IPAddress alone takes "1" for 0.0.0.1).</summary>
    private static string? IpAddress(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || !IPAddress.TryParse(value, out var address))
        {
            return null;
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6 || value.Count('.') == 3 ? address.ToString() : null;
    }

    private static string? NullIfEmpty(ReadOnlySpan<char> value) => value.IsEmpty ? null : value.ToString();
}
