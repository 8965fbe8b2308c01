using GameOps.Silo.Storage;

namespace GameOps.Silo.Tests.Storage;

public sealed class VarUIntTests
{
    [Theory]
    [InlineData(0UL, 1)]
    [InlineData(127UL, 1)]
    [InlineData(128UL, 2)]
    [InlineData(16_383UL, 2)]
    [InlineData(16_384UL, 3)]
    [InlineData(uint.MaxValue, 5)]
    [InlineData(ulong.MaxValue, 10)]
    public void A_number_reads_back_from_the_bytes_its_size_says(ulong value, int size)
    {
        var bytes = new byte[VarUInt.MaxBytes + 1];
        Assert.Equal(size, VarUInt.Size(value));
        Assert.Equal(size, VarUInt.Write(bytes, value));

        Assert.True(VarUInt.TryRead(bytes, out var read, out var length));
        Assert.Equal((value, size), (read, length));
    }

    [Fact]
    public void Bytes_that_end_inside_a_number_or_run_past_64_bits_are_not_a_number()
    {
        Assert.False(VarUInt.TryRead([], out _, out _));
        Assert.False(VarUInt.TryRead([0x80, 0x80], out _, out _));
        Assert.False(VarUInt.TryRead([.. Enumerable.Repeat((byte)0xFF, VarUInt.MaxBytes), 0x01], out _, out _));
    }
}
