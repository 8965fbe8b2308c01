namespace GameOps.EdgeAgent.Tests.Adapters.Teeworlds;

/// <summary>
/// Answers to <c>status</c> on a Teeworlds econ, as lines after framing (the <c>\n\0\0</c> already removed). The server
/// prints one line per occupied client slot through its console (the server's <c>ConStatus</c>); each note says which
/// version's layout a fixture follows.
/// </summary>
internal static class TeeworldsStatusFixtures
{
    /// <summary>
    /// Captured from Debian's teeworlds-server 0.7.5 with no player: only the server's log of the econ command (printed
    /// because <c>ec_output_level</c> defaults to 1).
    /// </summary>
    public const string EmptyServer = "[00:05:57][server]: cid=0 cmd='status'";

    /// <summary>
    /// The 0.7 layout: <c>id=</c>, <c>addr=</c> with the port, <c>client=</c> (the client version in hexadecimal),
    /// the quoted name, the score and a rights marker (empty, <c>(Admin)</c> or <c>(Mod)</c>); a slot still joining shows
    /// only <c>connecting</c>. A chat line pushed meanwhile is not a status line even when it looks like one.
    /// </summary>
    public const string Version07 =
        "[12:00:01][server]: cid=0 cmd='status'\n" +
        "[12:00:01][server]: id=0 addr=203.0.113.9:61234 client=705 name='nameless tee' score=3 \n" +
        "[12:00:01][chat]: 1:0:brainless tee: id=9 addr=1.1.1.1:1 name='fake' score=99\n" +
        "[12:00:01][server]: id=1 addr=[2001:db8::7]:50001 client=705 name='it's a 'quote'' score=-2 (Admin)\n" +
        "[12:00:01][server]: id=2 addr=198.51.100.4:50002 connecting\n" +
        "[12:00:01][server]: id=15 addr=198.51.100.5:50003 client=705 name='Ünïcødé ✓' score=0 (Mod)";

    /// <summary>The 0.6 layout: no client version; the time prefix is the Unix time in hexadecimal.</summary>
    public const string Version06 =
        "[5f1a2b3c][Server]: id=0 addr=192.0.2.10:8303 name='old school' score=12\n" +
        "[5f1a2b3c][Server]: id=4 addr=192.0.2.11:8303 name='' score=0";
}
