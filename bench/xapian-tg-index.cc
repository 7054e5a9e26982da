// xapian-tg-index.cc - the floor of indexing with Xapian, for bench/compare.sh:
// Xapian::TermGenerator alone over text extracted beforehand, with the terms
// newsindex makes (english stems with positions, STEM_ALL_Z, one term per
// word), the title also under prefix S; no parsing, no file walk, one
// process. Records: path 0x1F title 0x1F body 0x1E (compare.sh's FTS5 text).
//   g++ -O2 -std=c++17 bench/xapian-tg-index.cc $(pkg-config --cflags --libs xapian-core)
//   xapian-tg-index INPUT DB
#include <xapian.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

int main(int argc, char **argv) {
    if (argc != 3) {
        std::cerr << "usage: xapian-tg-index INPUT DB\n";
        return 2;
    }
    try {
        std::ifstream in(argv[1], std::ios::binary);
        if (!in) {
            std::cerr << "xapian-tg-index: " << argv[1] << ": cannot open\n";
            return 1;
        }
        std::stringstream ss;
        ss << in.rdbuf();
        const std::string all = ss.str();
        Xapian::WritableDatabase db(argv[2], Xapian::DB_CREATE_OR_OVERWRITE);
        Xapian::TermGenerator tg;
        tg.set_stemmer(Xapian::Stem("english"));
        tg.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
        size_t pos = 0;
        while (pos < all.size()) {
            size_t end = all.find('\x1e', pos);
            if (end == std::string::npos) end = all.size();
            size_t a = all.find('\x1f', pos);
            size_t b = a == std::string::npos ? a : all.find('\x1f', a + 1);
            if (a >= end || b >= end) {
                pos = end + 1;
                continue;
            }
            const std::string path = all.substr(pos, a - pos);
            const std::string title = all.substr(a + 1, b - a - 1);
            Xapian::Document doc;
            tg.set_document(doc);
            tg.index_text(title, 1, "S");
            tg.index_text(title);
            tg.increase_termpos();
            tg.index_text(Xapian::Utf8Iterator(all.data() + b + 1, end - b - 1));
            doc.set_data("url=" + path); // as the peers' xapian-query.cc reads it
            doc.add_boolean_term("Q" + path);
            db.add_document(doc);
            pos = end + 1;
        }
        db.commit();
        std::cerr << "xapian-tg documents: " << db.get_doccount() << "\n";
    } catch (const Xapian::Error &e) {
        std::cerr << "xapian-tg-index: " << e.get_description() << "\n";
        return 1;
    }
    return 0;
}
