// A quicksort that sorts only as much as a range of positions needs: Redis's pqsort (the NetBSD
// qsort of Bentley and McIlroy's "Engineering a Sort Function", cut short outside the range).
// cf. pqsort.c. SORT ... BY ... LIMIT uses it, so equal elements end up where Redis puts them.

namespace EventLoopRedis.Util;

internal static class PartialQuickSort
{
    /// <summary>
    /// Sorts <paramref name="items"/> so that positions <paramref name="first"/> to
    /// <paramref name="last"/> hold what a full sort would put there; other positions are left
    /// partly sorted. Not stable: equal elements move exactly as in Redis's pqsort.
    /// </summary>
    public static void Sort<T>(Span<T> items, Comparison<T> compare, long first, long last) =>
        SortPart(items, 0, compare, first, last);

    // `offset` is the position of items[0] in the whole array, to test it against the range.
    private static void SortPart<T>(Span<T> items, long offset, Comparison<T> compare, long first, long last)
    {
        while (true)
        {
            int n = items.Length;
            if (n < 7)
            {
                InsertionSort(items, compare);
                return;
            }
            int middle = n / 2;
            if (n > 7)
            {
                int low = 0, high = n - 1;
                if (n > 40)
                {
                    int d = n / 8;
                    low = MedianOfThree(items, compare, low, low + d, low + 2 * d);
                    middle = MedianOfThree(items, compare, middle - d, middle, middle + d);
                    high = MedianOfThree(items, compare, high - 2 * d, high - d, high);
                }
                middle = MedianOfThree(items, compare, low, middle, high);
            }
            Swap(items, 0, middle);

            // Partition around items[0]: equal elements gather at both ends, [0, a) and (d, n).
            int a = 1, b = 1, c = n - 1, dEnd = n - 1;
            bool swapped = false;
            while (true)
            {
                int result;
                while (b <= c && (result = compare(items[b], items[0])) <= 0)
                {
                    if (result == 0)
                    {
                        swapped = true;
                        Swap(items, a++, b);
                    }
                    b++;
                }
                while (b <= c && (result = compare(items[c], items[0])) >= 0)
                {
                    if (result == 0)
                    {
                        swapped = true;
                        Swap(items, c, dEnd--);
                    }
                    c--;
                }
                if (b > c) break;
                Swap(items, b++, c--);
                swapped = true;
            }
            if (!swapped)
            {
                // Nothing moved: the elements look sorted already, and insertion sort finishes it cheaply.
                InsertionSort(items, compare);
                return;
            }

            // Bring the equal elements to the middle, between the smaller and the larger ones.
            int r = Math.Min(a, b - a);
            SwapBlocks(items, 0, b - r, r);
            r = Math.Min(dEnd - c, n - dEnd - 1);
            SwapBlocks(items, b, n - r, r);

            int smaller = b - a, larger = dEnd - c;
            if (smaller > 1 && Overlaps(offset, smaller, first, last)) SortPart(items[..smaller], offset, compare, first, last);
            if (larger <= 1) return;
            offset += n - larger;
            items = items[(n - larger)..];
            if (!Overlaps(offset, larger, first, last)) return;
        }
    }

    /// <summary>Whether positions [offset, offset + count) meet the range [first, last] (Redis's test, element by element).</summary>
    private static bool Overlaps(long offset, int count, long first, long last)
    {
        long end = offset + count - 1;
        return !((first < offset && last < offset) || (first > end && last > end));
    }

    private static void InsertionSort<T>(Span<T> items, Comparison<T> compare)
    {
        for (int m = 1; m < items.Length; m++)
        {
            for (int l = m; l > 0 && compare(items[l - 1], items[l]) > 0; l--) Swap(items, l, l - 1);
        }
    }

    private static int MedianOfThree<T>(Span<T> items, Comparison<T> compare, int a, int b, int c) =>
        compare(items[a], items[b]) < 0
            ? (compare(items[b], items[c]) < 0 ? b : compare(items[a], items[c]) < 0 ? c : a)
            : (compare(items[b], items[c]) > 0 ? b : compare(items[a], items[c]) < 0 ? a : c);

    private static void Swap<T>(Span<T> items, int i, int j) => (items[i], items[j]) = (items[j], items[i]);

    private static void SwapBlocks<T>(Span<T> items, int i, int j, int count)
    {
        for (int k = 0; k < count; k++) Swap(items, i + k, j + k);
    }
}
