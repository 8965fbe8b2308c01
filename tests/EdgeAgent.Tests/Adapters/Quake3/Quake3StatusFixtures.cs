namespace GameOps.EdgeAgent.Tests.Adapters.Quake3;

/// <summary>
/// Answers to <c>status</c> as id Tech 3 servers print them (one per engine family). Each note says where the layout
/// comes from; the text inside a datagram starts after <c>\xff\xff\xff\xffprint\n</c>.
/// </summary>
internal static class Quake3StatusFixtures
{
    /// <summary>
    /// Captured from Debian's openarena-server 0.8.8 (ioquake3 1.36) on an empty server: the column set of current
    /// ioquake3, whose rows are the slot, the score, the ping, the name padded to 16 visible characters, then
    /// <c>^7</c> glued to the address, then the rate.
    /// </summary>
    public const string OpenArenaEmpty =
        "map: oa_dm1\n" +
        "cl score ping name            address                                 rate \n" +
        "-- ----- ---- --------------- --------------------------------------- -----\n" +
        "\n";

    /// <summary>
    /// Captured from the same server after <c>addbot Angelyss</c> and <c>addbot Sarge 1 red 0 "My ^1Bot Name"</c>, then
    /// one with a name longer than the padding (<c>"A ^2Long Named Bot Here"</c>): a long name pushes the address right.
    /// </summary>
    public const string OpenArenaBots =
        "map: oa_dm1\n" +
        "cl score ping name            address                                 rate \n" +
        "-- ----- ---- --------------- --------------------------------------- -----\n" +
        " 0     0    0 Angelyss        ^7bot                                     16384\n" +
        " 1     3    0 My ^1Bot Name     ^7bot                                     16384\n" +
        " 2    -1    0 A ^2Long Named Bot Here ^7bot                                     16384\n" +
        "\n";

    /// <summary>
    /// The Quake III Arena 1.32 layout that Urban Terror and older ioquake3 builds keep (written after ioquake3's
    /// <c>SV_Status_f</c> of that era): slot, score, ping (or <c>CNCT</c> while connecting, <c>ZMBI</c> after a
    /// drop), the name padded to 16, <c>^7</c>, the milliseconds since the last packet, the address with its port,
    /// the qport and the rate. Names here show a two-space gap and a trailing colour code.
    /// </summary>
    public const string Quake3Classic =
        "map: ut4_turnpike\n" +
        "num score ping name            lastmsg address               qport rate\n" +
        "--- ----- ---- --------------- ------- --------------------- ----- -----\n" +
        "  0    12   48 Big  Gun^7           0 203.0.113.7:27960     1337 25000\n" +
        "  3     0 CNCT ^5Newcomer^7        50 198.51.100.23:27961   4242 25000\n" +
        "  5    -2 ZMBI Left^3Already^7   1200 [2001:db8::5]:27960   999 8000\n" +
        "\n";

    /// <summary>
    /// Call of Duty 4's layout (as its server console prints it): a <c>guid</c> column between the ping and the name.
    /// </summary>
    public const string CallOfDuty4 =
        "map: mp_crash\n" +
        "num score ping guid                             name            lastmsg address               qport rate\n" +
        "--- ----- ---- -------------------------------- --------------- ------- --------------------- ----- -----\n" +
        "  0    25   61 0123456789abcdef0123456789abcdef Sgt. Pepper^7         0 192.0.2.44:28960      5120 25000\n" +
        "  1     0  999 bot0                             bot0^7                0 bot                   1234 5000\n" +
        "\n";
}
