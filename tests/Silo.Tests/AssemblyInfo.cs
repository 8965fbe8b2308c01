using System.Runtime.Versioning;

// The silo runs on Linux; these tests check Unix file modes and start Linux processes.
[assembly: SupportedOSPlatform("linux")]
