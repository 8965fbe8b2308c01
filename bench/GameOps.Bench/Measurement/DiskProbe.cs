using System.Diagnostics;

namespace GameOps.Bench.Measurement;

/// <summary>
/// How long one synced write takes on the disk the silo's database lives on. With SQLite's <c>synchronous = FULL</c>
/// every commit waits for one such sync, so it is the floor under every durable step of a job.
/// </summary>
public static class DiskProbe
{
    public static LatencyHistogram MeasureSync(string folder, int writes = 200)
    {
        var path = Path.Combine(folder, "fsync-probe.bin");
        var histogram = new LatencyHistogram();
        var block = new byte[4096];
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1))
        {
            for (var i = 0; i < writes; i++)
            {
                var start = Stopwatch.GetTimestamp();
                file.Write(block);
                file.Flush(flushToDisk: true);
                histogram.RecordElapsed(start, Stopwatch.GetTimestamp());
            }
        }

        File.Delete(path);
        return histogram;
    }
}
