namespace Platform.Privacy.Recognizers;

/// <summary>The Luhn (mod 10) check digit test of payment card numbers; characters other than digits are skipped.</summary>
internal static class Luhn
{
    public static bool IsValid(ReadOnlySpan<char> number)
    {
        var sum = 0;
        var count = 0;
        for (var i = number.Length - 1; i >= 0; i--)
        {
            var c = number[i];
            if (!char.IsAsciiDigit(c))
            {
                continue;
            }

            var d = c - '0';
            if (count % 2 == 1)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            count++;
        }

        return count > 1 && sum % 10 == 0;
    }
}
