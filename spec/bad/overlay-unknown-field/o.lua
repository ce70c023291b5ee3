return { valuse = {} }
