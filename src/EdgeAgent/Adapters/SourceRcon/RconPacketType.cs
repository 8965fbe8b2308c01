namespace GameOps.EdgeAgent.Adapters.SourceRcon;

/// <summary>
/// Packet type values from https://developer.valvesoftware.com/wiki/Source_RCON_Protocol#Packet_Type.
/// The value 2 means EXECCOMMAND from client to server and AUTH_RESPONSE from server to client.
/// </summary>
public static class RconPacketType
{
    /// <summary>SERVERDATA_AUTH: client → server, the body is the RCON password.</summary>
    public const int Auth = 3;

    /// <summary>SERVERDATA_AUTH_RESPONSE: server → client, the id is the request's id, or −1 when the password is wrong.</summary>
    public const int AuthResponse = 2;

    /// <summary>SERVERDATA_EXECCOMMAND: client → server, the body is the console command.</summary>
    public const int ExecCommand = 2;

    /// <summary>SERVERDATA_RESPONSE_VALUE: server → client, the body is (a part of) the command's output.</summary>
    public const int ResponseValue = 0;
}
