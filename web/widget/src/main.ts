console.info("widget placeholder");
