Pagefind's own output: its bytes are not compared
