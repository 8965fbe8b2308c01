using System.Buffers.Binary;
using System.Text;
using GameOps.Grains;
using GameOps.Grains.Audit;
using Orleans.Serialization;

namespace GameOps.Silo.Storage;

/// <summary>
/// An audit row's payload, in SQLite's file and PostgreSQL's table alike: what of the entry its columns (entry id, org,
/// time, actor id, target) do not hold, in a fixed layout written without a general serializer.
/// </summary>
/// <remarks>
/// Layout: the format byte <see cref="Format"/>, the actor's kind (one byte), the time's offset from UTC in minutes
/// (16 bits, little-endian), then the actor's address, the via, the action, the summary and the changes, each as its
/// UTF-8 length plus one (7-bit groups, low first; zero for a null string) and its bytes. Rows written before this
/// layout hold the whole entry serialized by Orleans, which begins with a field header whose low three bits (the field
/// id delta of a top-level value) are zero: never <see cref="Format"/>.
/// </remarks>
internal static class AuditPayload
{
    public const byte Format = 0x01;

    private const int FixedBytes = 4;

    public static bool IsThisFormat(ReadOnlySpan<byte> payload) => payload.Length > 0 && payload[0] == Format;

    public static byte[] Write(AuditEntry entry)
    {
        var size = FixedBytes
            + Size(entry.Actor.Address) + Size(entry.Via) + Size(entry.Action) + Size(entry.Summary) + Size(entry.Changes);
        var payload = new byte[size];
        payload[0] = Format;
        payload[1] = checked((byte)entry.Actor.Kind);
        BinaryPrimitives.WriteInt16LittleEndian(payload.AsSpan(2), checked((short)entry.At.TotalOffsetMinutes));
        var rest = payload.AsSpan(FixedBytes);
        rest = WriteString(rest, entry.Actor.Address);
        rest = WriteString(rest, entry.Via);
        rest = WriteString(rest, entry.Action);
        rest = WriteString(rest, entry.Summary);
        WriteString(rest, entry.Changes);
        return payload;
    }

    /// <summary>The entry of a stored row, in this format or the earlier one (Orleans' serialization of the whole entry).</summary>
    public static AuditEntry ReadRow(
        Guid entryId, string orgId, long atUtcTicks, string actorId, string target, byte[] payload, Serializer serializer) =>
        IsThisFormat(payload)
            ? Read(entryId, orgId, atUtcTicks, actorId, target, payload)
            : serializer.Deserialize<AuditEntry>(payload)!;

    /// <summary>The entry of a row in this format, with the values its columns hold.</summary>
    public static AuditEntry Read(Guid entryId, string orgId, long atUtcTicks, string actorId, string target, ReadOnlySpan<byte> payload)
    {
        if (!IsThisFormat(payload) || payload.Length < FixedBytes)
        {
            throw new FormatException("The audit row's payload is not in the stored audit format.");
        }

        var kind = (ActorKind)payload[1];
        var offset = TimeSpan.FromMinutes(BinaryPrimitives.ReadInt16LittleEndian(payload[2..]));
        var rest = payload[FixedBytes..];
        var address = ReadString(ref rest);
        var via = ReadString(ref rest) ?? string.Empty;
        var action = ReadString(ref rest) ?? string.Empty;
        var summary = ReadString(ref rest) ?? string.Empty;
        var changes = ReadString(ref rest) ?? string.Empty;
        var at = new DateTimeOffset(atUtcTicks, TimeSpan.Zero).ToOffset(offset);
        return new AuditEntry(entryId, orgId, at, new Actor(kind, actorId, address), via, target, action, summary, changes);
    }

    private static int Size(string? value)
    {
        var length = value is null ? 0 : Encoding.UTF8.GetByteCount(value);
        return VarUInt.Size((uint)length + (value is null ? 0u : 1u)) + length;
    }

    private static Span<byte> WriteString(Span<byte> destination, string? value)
    {
        if (value is null)
        {
            destination[0] = 0;
            return destination[1..];
        }

        var length = Encoding.UTF8.GetByteCount(value);
        var written = VarUInt.Write(destination, (uint)length + 1);
        Encoding.UTF8.GetBytes(value, destination.Slice(written, length));
        return destination[(written + length)..];
    }

    private static string? ReadString(ref ReadOnlySpan<byte> source)
    {
        if (!VarUInt.TryRead(source, out var lengthPlusOne, out var read) || lengthPlusOne > uint.MaxValue)
        {
            throw new FormatException("The audit row's payload ends inside a length.");
        }

        source = source[read..];
        if (lengthPlusOne == 0)
        {
            return null;
        }

        var length = checked((int)(lengthPlusOne - 1));
        if (length > source.Length)
        {
            throw new FormatException("The audit row's payload ends inside a string.");
        }

        var value = Encoding.UTF8.GetString(source[..length]);
        source = source[length..];
        return value;
    }
}
