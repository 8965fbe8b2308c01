using System.Runtime.Versioning;

// The silo and the agent run on Linux; these helpers start Linux processes and check Unix file modes.
[assembly: SupportedOSPlatform("linux")]
