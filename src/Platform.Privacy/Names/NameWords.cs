using System.Collections.Frozen;

namespace Platform.Privacy.Names;

/// <summary>Words that end a name or are never part of one, whatever their capitalisation.</summary>
internal static class NameWords
{
    /// <summary>Function words and chat filler; a name never contains them, so a lowercase name stops at one.</summary>
    public static readonly FrozenSet<string> Stop = new[]
    {
        "a", "an", "the", "and", "or", "but", "if", "so", "to", "of", "in", "on", "at", "by", "for", "from", "with", "about",
        "as", "is", "am", "are", "was", "were", "be", "been", "being", "have", "has", "had", "do", "does", "did", "not", "no",
        "yes", "i", "me", "my", "we", "our", "you", "your", "he", "she", "it", "its", "they", "them", "this", "that", "here",
        "there", "again", "please", "pls", "plz", "thanks", "thank", "thx", "ty", "hi", "hello", "hey", "still", "just",
        "also", "too", "very", "really", "sorry", "ok", "okay", "any", "update", "calling", "writing", "emailing", "texting",
        "asking", "looking", "trying", "having", "getting", "going", "waiting", "back", "now", "today", "yesterday",
        "tomorrow", "order", "account", "email", "phone", "number", "name", "surname", "support", "team", "customer",
        "service", "regarding", "re", "fine", "good", "great", "happy", "sure", "not", "will", "would", "can", "could",
        "should", "who", "what", "when", "where", "why", "how", "which", "all", "some", "new", "old", "only", "already",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Capitalised words that follow a first name in product, place and company names ("Victoria Sofa", "Madison
    /// Desk", "Victoria Road"), so "first name + capitalised word" is not a person there.
    /// </summary>
    public static readonly FrozenSet<string> NotSurname = new[]
    {
        "Street", "St", "Avenue", "Ave", "Road", "Rd", "Lane", "Ln", "Drive", "Dr", "Boulevard", "Blvd", "Way", "Court", "Ct",
        "Place", "Square", "Park", "Station", "Bridge", "Hill", "Terrace", "Close", "Gardens", "Hall", "House", "Centre",
        "Center", "Hospital", "School", "University", "College", "Airport", "Sofa", "Chair", "Desk", "Table", "Lamp", "Bed",
        "Tent", "Jacket", "Backpack", "Kayak", "Stove", "Shoes", "Boots", "Bag", "Mug", "Bottle", "Edition", "Collection",
        "Series", "Pro", "Plus", "Max", "Mini", "Ultra", "Lite", "Air", "Classic", "Deluxe", "Premium", "Set", "Kit", "Pack",
        "Inc", "Ltd", "Corp", "LLC", "GmbH", "Group", "Company", "Co", "Store", "Shop", "Support", "Team", "Customer",
        "Service", "Services", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
        "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
        "Day", "Sale", "Order", "Account", "Email", "Phone", "Card", "Thanks", "Thank", "Regards", "Cheers", "Hi", "Hello",
        "Dear", "Here", "From", "The", "And", "Or", "I", "Is", "Was", "Please", "Sent", "Best",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Lowercase words that join parts of a surname ("van der Berg", "de la Cruz").</summary>
    public static readonly FrozenSet<string> SurnameParticles = new[]
    {
        "van", "von", "der", "den", "de", "del", "della", "da", "di", "du", "la", "le", "bin", "ibn", "al", "el", "dos", "das", "ter",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
}
